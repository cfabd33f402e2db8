/// The templates of the candidate's 试用期申报 pages (`/m/declarations…`, issue 28), with the guide's wording.
enum DeclarationMobileTemplates {
    static let all = [
        "field": field, "upload": upload, "steps": steps, "errorList": errorList, "summary": summary,
        "list": list, "choice": choice, "notice": notice, "form": form, "confirm": confirm, "done": done, "detail": detail,
    ]

    /// One labelled input or select, its problem beside it.
    static let field = """
        <label for="{{id}}"{{#required}} class="required"{{/required}}>{{label}}</label>
        {{#isSelect}}<select id="{{id}}" name="{{name}}"{{#error}} aria-invalid="true" aria-describedby="{{id}}-error"{{/error}}>{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isSelect}}
        {{^isSelect}}<input id="{{id}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#error}} aria-invalid="true" aria-describedby="{{id}}-error"{{/error}}>{{/isSelect}}
        {{#hint}}<p class="hint">{{hint}}</p>{{/hint}}
        {{#error}}<span class="field-error" id="{{id}}-error">{{error}}</span>{{/error}}
        """

    /// A file to upload: from the camera (photos) or from the phone's files (photos or PDF).
    static let upload = """
        <div class="upload" id="{{id}}">
          <span class="label-text">{{label}}</span>
          {{#hint}}<p class="hint">{{hint}}</p>{{/hint}}
          <label for="{{id}}-camera" class="choice-file">拍照上传</label>
          <input type="file" id="{{id}}-camera" name="{{name}}" accept="image/*" capture="environment"{{#multiple}} multiple{{/multiple}}{{#error}} aria-invalid="true" aria-describedby="{{id}}-error"{{/error}}>
          <label for="{{id}}-file" class="choice-file">选择文件（图片或 PDF）</label>
          <input type="file" id="{{id}}-file" name="{{name}}" accept="image/jpeg,image/png,application/pdf"{{#multiple}} multiple{{/multiple}}>
          {{#error}}<span class="field-error" id="{{id}}-error">{{error}}</span>{{/error}}
        </div>
        """

    static let steps = """
        <ol class="steps" aria-label="申报步骤">{{#steps}}<li class="{{#current}}current{{/current}}{{#done}}done{{/done}}"{{#current}} aria-current="step"{{/current}}>{{label}}</li>{{/steps}}</ol>
        """

    static let errorList = """
        {{#hasErrors}}<div class="errors" role="alert" id="form-errors"><p>请修改以下问题：</p><ul>{{#errors}}<li>{{.}}</li>{{/errors}}</ul></div>{{/hasErrors}}
        """

    static let summary = """
        {{#sections}}
        <section class="card">
          <h2>{{title}}</h2>
          <dl class="fields">{{#rows}}<dt>{{label}}</dt><dd{{#id}} id="{{id}}"{{/id}}>{{value}}</dd>{{/rows}}</dl>
        </section>
        {{/sections}}
        <section class="card">
          <h2>其他证明材料</h2>
          {{#hasAttachments}}<ul class="list" id="summary-attachments">{{#attachments}}<li><a href="{{href}}">{{label}}</a></li>{{/attachments}}</ul>{{/hasAttachments}}
          {{^hasAttachments}}<p class="muted">未上传附件</p>{{/hasAttachments}}
        </section>
        """

    static let list = """
        <h1>试用期申报</h1>
        <section class="card">
          <h2>记录</h2>
          {{#hasItems}}
          <ul class="list" id="declarations">
          {{#items}}<li id="declaration-{{id}}"><p><strong>{{title}}</strong></p><p><span class="status {{statusClass}}">{{status}}</span> <span class="muted">{{updated}}</span></p><a class="button secondary" href="{{href}}">查看详情</a></li>{{/items}}
          </ul>
          {{/hasItems}}
          {{^hasItems}}<p class="muted" id="no-declarations">暂无申报记录</p>{{/hasItems}}
        </section>
        {{#canStart}}<a class="button" id="start-declaration" href="{{startHref}}">试用期申报</a>{{/canStart}}
        {{#hasMissing}}<section class="card" id="missing"><h2>暂不能申报</h2><ul class="list">{{/hasMissing}}
        {{#missing}}<li id="{{id}}">{{text}}{{#href}} <a class="button secondary" href="{{href}}">{{linkLabel}}</a>{{/href}}</li>{{/missing}}
        {{#hasMissing}}</ul></section>{{/hasMissing}}
        """

    static let choice = """
        {{> steps}}
        <h1>选择申报</h1>
        {{> errorList}}
        <form method="post" action="{{action}}" class="card" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <dl class="fields"><dt>姓名</dt><dd id="applicant-name">{{applicantName}}</dd><dt>申报单位</dt><dd id="unit-name">{{unitName}}</dd></dl>
          <p class="hint">姓名和单位来自实名认证和工作单位；如单位有误，请先更新工作单位或解绑。</p>
          {{#fields}}{{> field}}{{/fields}}
          <button type="submit" id="choice-next">下一步</button>
        </form>
        """

    static let notice = """
        {{> steps}}
        <h1>申报须知</h1>
        {{> errorList}}
        <section class="card"><p class="muted">申报：{{choice}}</p><div id="notice-text" class="notice-text">{{notice}}</div></section>
        <form method="post" action="{{action}}" class="card" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <input type="hidden" name="level" value="{{level}}">
          <input type="hidden" name="category" value="{{category}}">
          <input type="hidden" name="tcmSubtype" value="{{tcmSubtype}}">
          <label class="choice" for="noticeAcknowledged"><input type="checkbox" id="noticeAcknowledged" name="noticeAcknowledged" value="true"{{#acknowledgedError}} aria-invalid="true" aria-describedby="noticeAcknowledged-error"{{/acknowledgedError}}> 我已阅读并了解申报须知</label>
          {{#acknowledgedError}}<span class="field-error" id="noticeAcknowledged-error">{{acknowledgedError}}</span>{{/acknowledgedError}}
          <div class="actions">
            <a class="button secondary" href="{{backHref}}">上一步</a>
            <button type="submit" id="notice-next">下一步</button>
          </div>
        </form>
        """

    static let form = """
        {{> steps}}
        <h1>填报信息</h1>
        {{#notice}}<p class="notice" role="status" id="form-notice">{{notice}}</p>{{/notice}}
        {{> errorList}}
        <form method="post" action="{{action}}" enctype="multipart/form-data" novalidate id="declaration-form">
          <button type="submit" name="action" value="save" hidden tabindex="-1" aria-hidden="true">保存</button>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <input type="hidden" name="version" value="{{version}}">
          <input type="hidden" name="entryCount" value="{{entryCount}}">
          <fieldset><legend>选择申报</legend>{{#choice}}{{> field}}{{/choice}}</fieldset>
          <fieldset><legend>学历信息</legend>{{#education}}{{> field}}{{/education}}</fieldset>
          <fieldset id="applicant"><legend>申报信息</legend>
            <dl class="fields">{{#applicant}}<dt>{{label}}</dt><dd{{#id}} id="{{id}}"{{/id}}>{{value}}</dd>{{/applicant}}</dl>
            <p class="hint">基础信息来自实名认证和<a href="{{profileHref}}">个人信息</a>。</p>
          </fieldset>
          <fieldset id="assistantUpgrade"><legend>是否为执业助理医师报考执业医师</legend>
            <label class="choice" for="assistantUpgrade-no"><input type="radio" id="assistantUpgrade-no" name="assistantUpgrade" value="no"{{^upgradeYes}} checked{{/upgradeYes}}> 否</label>
            <label class="choice" for="assistantUpgrade-yes"><input type="radio" id="assistantUpgrade-yes" name="assistantUpgrade" value="yes"{{#upgradeYes}} checked{{/upgradeYes}}> 是</label>
            {{#upgradeError}}<span class="field-error" id="assistantUpgrade-error">{{upgradeError}}</span>{{/upgradeError}}
            <p class="hint">属于执业助理医师报考执业医师时，须填写以下资格证和执业证信息；不属于的不须填写。</p>
            {{#upgradeFields}}{{> field}}{{/upgradeFields}}
            {{#upgradeUploads}}{{> upload}}{{/upgradeUploads}}
          </fieldset>
          <fieldset id="trialInstitutions"><legend>试用/工作机构</legend>
            <p class="hint">试用/工作机构可为多个；现所在试用单位必须和您的申报机构名称一致，由现所在单位对前试用单位进行审核确认。</p>
            {{#entriesError}}<span class="field-error" id="trialInstitutions-error">{{entriesError}}</span>{{/entriesError}}
            {{#entries}}
            <section class="entry card" id="entry-{{index}}">
              <h3>试用/工作机构 {{number}}</h3>
              {{#fields}}{{> field}}{{/fields}}
              <label class="choice" for="{{currentId}}"><input type="radio" id="{{currentId}}" name="currentEntry" value="{{index}}"{{#current}} checked{{/current}}> 现所在试用单位</label>
              {{#currentError}}<span class="field-error">{{currentError}}</span>{{/currentError}}
              <button type="submit" name="action" value="{{removeValue}}" class="danger" id="remove-entry-{{index}}">删除</button>
            </section>
            {{/entries}}
            <button type="submit" name="action" value="add-entry" class="secondary" id="add-entry">添加一条</button>
          </fieldset>
          <fieldset id="freshGraduate"><legend>是否为应届毕业生</legend>
            <label class="choice" for="freshGraduate-no"><input type="radio" id="freshGraduate-no" name="freshGraduate" value="false"{{^freshGraduate}} checked{{/freshGraduate}}> 否</label>
            <label class="choice" for="freshGraduate-yes"><input type="radio" id="freshGraduate-yes" name="freshGraduate" value="true"{{#freshGraduate}} checked{{/freshGraduate}}> 是</label>
            {{#freshError}}<span class="field-error" id="freshGraduate-error">{{freshError}}</span>{{/freshError}}
            <p class="hint">应届毕业生才须填报并上传承诺书；非应届毕业生请跳过此项。</p>
            {{#freshUploads}}{{> upload}}{{/freshUploads}}
          </fieldset>
          {{#showMilitary}}
          <fieldset><legend>现役军人</legend>
            <label class="choice" for="activeMilitary"><input type="checkbox" id="activeMilitary" name="activeMilitary" value="true"{{#activeMilitary}} checked{{/activeMilitary}}> 我是现役军人（须上传团级以上学历证明和试用期考核合格证明）</label>
          </fieldset>
          {{/showMilitary}}
          <fieldset id="attachments"><legend>其他证明材料</legend>
            {{#attachmentsError}}<span class="field-error" id="attachments-error">{{attachmentsError}}</span>{{/attachmentsError}}
            {{#hasAttachments}}
            <ul class="list" id="kept-attachments">
            {{#attachments}}<li id="attachment-{{index}}"><input type="hidden" name="attachment" value="{{value}}"><a href="{{href}}">{{label}}</a>
              <button type="submit" name="action" value="{{removeValue}}" class="danger" id="remove-attachment-{{index}}">删除</button></li>{{/attachments}}
            </ul>
            {{/hasAttachments}}
            {{#proofUploads}}{{> upload}}{{/proofUploads}}
          </fieldset>
          <div class="actions">
            <button type="submit" name="action" value="save" class="secondary" id="save-draft">保存草稿</button>
            <button type="submit" name="action" value="next" id="form-next">下一步</button>
          </div>
        </form>
        """

    static let confirm = """
        {{> steps}}
        <h1>申报确认</h1>
        {{#error}}<div class="errors" role="alert" id="confirm-error">{{error}}</div>{{/error}}
        <p class="notice">请再次核对申报信息是否有误；如需修改，请点选“返回修改”；如无需修改，请点选“确定”完成上报提交。</p>
        {{#summary}}{{> summary}}{{/summary}}
        <form method="post" action="{{action}}" class="actions">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <input type="hidden" name="version" value="{{version}}">
          <a class="button secondary" href="{{formHref}}" id="back-to-form">返回修改</a>
          <button type="submit" id="confirm-submit">确定</button>
        </form>
        """

    static let done = """
        {{> steps}}
        <section class="card" id="submitted">
          <h1>提交成功</h1>
          <p>您的试用期申报已提交至 <strong>{{unitName}}</strong>。试用单位审核前，您可以撤回修改；相关情况请联系所在试用单位进行审核。</p>
          <a class="button" href="{{detailHref}}" id="view-detail">查看详情</a>
          <a class="button secondary" href="{{listHref}}">返回记录</a>
        </section>
        """

    static let detail = """
        <h1>查看详情</h1>
        {{#error}}<div class="errors" role="alert" id="detail-error">{{error}}</div>{{/error}}
        <section class="card">
          <p><strong>{{title}}</strong></p>
          <p>申报状态：<span class="status {{statusClass}}" id="declaration-status">{{status}}</span></p>
          {{#statusNote}}<p class="hint">{{statusNote}}</p>{{/statusNote}}
          {{#reason}}<p class="notice" id="declaration-reason">{{reasonLabel}}：{{reason}}</p>{{/reason}}
          {{#canEdit}}<a class="button" href="{{formHref}}" id="modify-declaration">{{editLabel}}</a>{{/canEdit}}
          {{#canSubmit}}<a class="button secondary" href="{{confirmHref}}" id="resubmit-declaration">申报确认并提交</a>{{/canSubmit}}
          {{#canWithdraw}}
          <form method="post" action="{{withdrawAction}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="version" value="{{version}}">
            <button type="submit" class="danger" id="withdraw-declaration">撤回</button>
          </form>
          {{/canWithdraw}}
        </section>
        <h2>申报详情</h2>
        {{#summary}}{{> summary}}{{/summary}}
        <section class="card" id="progress">
          <h2>进度详情</h2>
          <ol class="timeline">
          {{#events}}<li><p><strong>{{label}}</strong> <span class="muted">{{actor}} · {{at}}</span></p>{{#eventReason}}<p>{{eventReasonLabel}}：{{eventReason}}</p>{{/eventReason}}</li>{{/events}}
          </ol>
        </section>
        """
}
