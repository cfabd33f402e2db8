/// The templates of 信息确认 on the candidates' pages (`/m/records`), in guide 002's words.
enum RecordMobileTemplates {
    static let all = ["list": list, "record": record]

    static let list = """
        <h1>医师资格考试信息确认</h1>
        {{#pendingYear}}
        <section class="card" id="record-pending">
          <h2>{{pendingYear}}年度 <span class="status">单位未填报</span></h2>
          <p>工作单位还未填报您的相关信息。请将相关证书及证明材料原件送至工作单位，由工作单位在“湖北省卫生健康基础资源综合管理系统”中填报；单位填报后您将收到消息，再次登录即可核对确认。</p>
          <p class="hint">相关信息的附件图片，待正式考试报名时由考生自行上传。</p>
        </section>
        {{/pendingYear}}
        {{#hasRows}}
        <ul class="list" id="records">
          {{#rows}}<li id="record-{{year}}">
            <h2><a href="{{href}}" id="record-link-{{year}}">{{year}}年度医师资格考试信息确认</a></h2>
            <p><span class="status {{statusClass}}" id="record-status-{{year}}">{{status}}</span> <span class="muted">第 {{version}} 版 · {{updated}}</span></p>
            <p><a class="button secondary" href="{{href}}">查看详情</a></p>
          </li>{{/rows}}
        </ul>
        {{/hasRows}}
        """

    static let record = """
        <h1>{{year}}年度医师资格考试信息确认</h1>
        <p><span class="status {{statusClass}}" id="record-status">{{status}}</span> <span class="muted" id="record-version">第 {{version}} 版 · {{savedAt}}</span></p>
        {{#error}}<p class="errors" id="form-error" role="alert">{{error}}</p>{{/error}}
        {{#notice}}<p class="notice" id="record-notice" role="status">{{notice}}</p>{{/notice}}
        {{#openDispute}}
        <section class="card" id="open-dispute">
          <h2>您提出的更正（第 {{disputeVersion}} 版）</h2>
          <p>{{disputeText}}</p>
          {{#disputeFields}}<p class="muted">有误的部分：{{disputeFields}}</p>{{/disputeFields}}
          <p class="hint">{{raisedAt}} 提交，等待单位修改。</p>
        </section>
        {{/openDispute}}
        {{#reply}}
        <p class="notice" id="dispute-reply">单位已按您提出的更正修改了信息（第 {{replyVersion}} 版）{{#replyNote}}：{{replyNote}}{{/replyNote}}。请再次核对。</p>
        {{/reply}}
        {{#hasLatest}}
        <section class="card" id="latest-changes">
          <h2>本次修改（第 {{latestBase}} 版 → 第 {{version}} 版）</h2>
          <dl class="fields changes">
            {{#latest}}<dt>{{changeLabel}}</dt><dd>{{#before}}<del>{{before}}</del>{{/before}}{{^before}}<span class="muted">（空）</span>{{/before}} → {{#after}}<ins>{{after}}</ins>{{/after}}{{^after}}<span class="muted">（空）</span>{{/after}}</dd>{{/latest}}
          </dl>
        </section>
        {{/hasLatest}}
        <section class="card" id="section-basics">
          <h2>基本信息</h2>
          <dl class="fields">
            {{#basics}}<dt{{#required}} class="required"{{/required}}>{{label}}</dt><dd>{{#filled}}{{value}}{{/filled}}{{^filled}}<span class="muted">未填写</span>{{/filled}}</dd>{{/basics}}
          </dl>
          <p class="hint">提示：如信息有误请联系单位前往“湖北省卫生健康基础资源综合管理系统”进行修改，修改后您可以再次登录进行查看。</p>
        </section>
        {{#sections}}
        <section class="card" id="section-{{id}}">
          <h2>{{heading}}</h2>
          {{#absent}}<p class="muted">无此信息</p>{{/absent}}
          {{^absent}}
          <dl class="fields">
            {{#items}}<dt{{#required}} class="required"{{/required}}>{{label}}</dt><dd>{{#filled}}{{value}}{{/filled}}{{^filled}}<span class="muted">未填写</span>{{/filled}}</dd>{{/items}}
            {{#faces}}<dt>{{faceLabel}}</dt><dd>{{#uploaded}}<span class="status ok">{{state}}</span>{{/uploaded}}{{^uploaded}}<span class="muted">{{state}}</span>{{/uploaded}}</dd>{{/faces}}
          </dl>
          {{/absent}}
        </section>
        {{/sections}}
        <section class="card" id="section-photos">
          <h2>附件图片</h2>
          <p class="hint">可拍照上传证书照片（JPEG、PNG）；单位已上传的照片不能替换。</p>
          {{#photos}}
          <div class="photo-slot" id="slot-{{slotID}}">
            <h3>{{slotLabel}}</h3>
            {{#src}}<figure class="photo"><img src="{{src}}" alt="{{slotLabel}}"><figcaption class="muted">{{by}}</figcaption></figure>{{/src}}
            {{^src}}<p class="muted">未上传</p>{{/src}}
            {{#canUpload}}
            <form method="post" action="{{photoAction}}" enctype="multipart/form-data">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <input type="hidden" name="path" value="{{path}}">
              <label for="photo-{{slotID}}">{{#src}}重新上传{{/src}}{{^src}}上传{{/src}}{{slotLabel}}</label>
              <input id="photo-{{slotID}}" name="photo" type="file" accept="image/*" capture="environment" required{{#slotError}} aria-invalid="true" aria-describedby="photo-{{slotID}}-error"{{/slotError}}>
              {{#slotError}}<span class="field-error" id="photo-{{slotID}}-error">{{slotError}}</span>{{/slotError}}
              <button type="submit" class="secondary" id="upload-{{slotID}}">上传</button>
            </form>
            {{/canUpload}}
          </div>
          {{/photos}}
        </section>
        {{#canConfirm}}
        <section class="card" id="confirm">
          <h2>确认信息</h2>
          <p>以上为第 {{version}} 版信息。确认即表示您已核对以上全部内容且准确无误。</p>
          <form method="post" action="{{confirmAction}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="version" value="{{version}}">
            <button type="submit" id="confirm-button">确认无误（第 {{version}} 版）</button>
          </form>
        </section>
        {{/canConfirm}}
        {{#canDispute}}
        <section class="card" id="dispute">
          <h2>信息有误</h2>
          <form method="post" action="{{disputeAction}}" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <fieldset>
              <legend>有误的部分（可多选）</legend>
              {{#choices}}<label class="choice" for="dispute-field-{{code}}"><input type="checkbox" id="dispute-field-{{code}}" name="fields" value="{{code}}"{{#checked}} checked{{/checked}}>{{text}}</label>{{/choices}}
              {{#fieldsError}}<span class="field-error" id="fields-error">{{fieldsError}}</span>{{/fieldsError}}
            </fieldset>
            <label for="message" class="required">需要更正的内容</label>
            <textarea id="message" name="message" maxlength="500" required{{#messageError}} aria-invalid="true" aria-describedby="message-error"{{/messageError}}>{{message}}</textarea>
            {{#messageError}}<span class="field-error" id="message-error">{{messageError}}</span>{{/messageError}}
            <p class="hint">请写明哪项信息有误、正确的内容是什么；单位修改后您将收到消息。</p>
            <button type="submit" class="danger" id="dispute-button">信息有误，提交更正</button>
          </form>
        </section>
        {{/canDispute}}
        <section class="card" id="history">
          <h2>版本记录</h2>
          <ul class="list">
            {{#history}}<li id="version-{{number}}">
              <h3>第 {{number}} 版{{#current}} <span class="status">当前</span>{{/current}}</h3>
              <p class="muted">{{when}} · {{source}}</p>
              {{#versionNote}}<p>单位说明：{{versionNote}}</p>{{/versionNote}}
              {{#first}}<p class="muted">首次填报</p>{{/first}}
              {{#unchanged}}<p class="muted">内容未变</p>{{/unchanged}}
              {{#hasChanges}}<dl class="fields changes">{{/hasChanges}}
              {{#changes}}<dt>{{changeLabel}}</dt><dd>{{#before}}<del>{{before}}</del>{{/before}}{{^before}}<span class="muted">（空）</span>{{/before}} → {{#after}}<ins>{{after}}</ins>{{/after}}{{^after}}<span class="muted">（空）</span>{{/after}}</dd>{{/changes}}
              {{#hasChanges}}</dl>{{/hasChanges}}
            </li>{{/history}}
          </ul>
        </section>
        """
}
