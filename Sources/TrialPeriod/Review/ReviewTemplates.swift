import Console

/// The pages' templates (HTML; `{{…}}` escapes).
extension ReviewPages {
    static let listTemplate = """
        <h1>试用期审核 <span class="muted">{{unitName}}</span></h1>
        {{#notice}}<p class="notice" id="notice">{{notice}}</p>{{/notice}}
        {{#list}}{{> list-counts}}{{/list}}
        <form method="get" action="{{action}}" class="filters card">
          <label>状态 <select name="status">{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <label>考试级别 <select name="level"><option value="">全部</option>{{#levels}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/levels}}</select></label>
          <label>考试类别 <select name="category"><option value="">全部</option>{{#categories}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/categories}}</select></label>
          <label>姓名 <input name="q" value="{{q}}" maxlength="50"></label>
          <button type="submit">筛选</button>
        </form>
        {{#list}}
        {{> list-empty}}
        {{^isEmpty}}
        <table class="list">
          <thead><tr><th>姓名</th><th>考试级别</th><th>考试类别</th><th>状态</th><th>提交时间</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{level}}</td><td>{{category}}</td><td>{{status}}</td><td>{{submittedAt}}</td></tr>{{/rows}}
          </tbody>
        </table>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        <p><a href="{{export}}" id="export">导出当前筛选结果（CSV，可用 Excel 打开）</a></p>
        """

    static let detailTemplate = """
        <p><a href="{{back}}">← 返回列表</a></p>
        <h1>{{name}} 的试用期申报 <span class="muted">{{cycle}} 年 · {{status}}</span></h1>
        {{#notice}}<p class="notice" id="notice">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" id="action-error">{{error}}{{#offerReturn}} <a href="#return-reason" id="offer-return">填写退回原因</a>{{/offerReturn}}</p>{{/error}}
        <section><h2>申请人</h2><table>{{#person}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/person}}</table></section>
        <section><h2>报考信息</h2><table>{{#exam}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/exam}}</table></section>
        <section><h2>学历信息</h2><table>{{#schooling}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/schooling}}</table></section>
        <section>
          <h2>试用机构</h2>
          <table>
            <thead><tr><th>机构</th><th>科室</th><th>岗位</th><th>起止时间</th><th>带教老师</th><th>类型</th><th>审核</th></tr></thead>
            <tbody>
            {{#entries}}
            <tr>
              <td>{{name}}</td><td>{{department}}</td><td>{{position}}</td><td>{{period}}</td><td>{{supervisor}}</td><td>{{kind}}</td>
              <td>{{confirmation}}
                {{#confirmable}}
                <form method="post" action="{{action}}">
                  <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="confirmed" value="true">
                  <button type="submit" class="confirm-entry">确认</button>
                </form>
                <form method="post" action="{{action}}">
                  <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="confirmed" value="false">
                  <input name="note" placeholder="不予确认的原因" maxlength="200" required>
                  <button type="submit" class="secondary">不予确认</button>
                </form>
                {{/confirmable}}
              </td>
            </tr>
            {{/entries}}
            </tbody>
          </table>
        </section>
        <section>
          <h2>附件</h2>
          {{#noAttachments}}<p class="muted">没有附件。</p>{{/noAttachments}}
          {{#attachments}}
          <figure class="attachment">
            {{#isImage}}<a href="{{href}}" target="_blank" rel="noopener"><img src="{{href}}" alt="{{label}}"></a>{{/isImage}}
            <figcaption>{{label}} · <a href="{{href}}" target="_blank" rel="noopener">在新窗口打开</a></figcaption>
          </figure>
          {{/attachments}}
        </section>
        <section>
          <h2>进度详情</h2>
          <ol class="timeline">{{#steps}}<li>{{at}} {{text}}{{#reason}}（原因：{{reason}}）{{/reason}}</li>{{/steps}}</ol>
        </section>
        <section class="actions">
          <h2>审核</h2>
          {{#canApprove}}
          <form method="post" action="{{approveAction}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" id="approve">审核通过</button>
          </form>
          {{/canApprove}}
          {{#canReturn}}
          <form method="post" action="{{returnAction}}" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="return-reason">退回原因</label>
            <textarea id="return-reason" name="reason" maxlength="500" required>{{returnReason}}</textarea>
            <p><button type="submit" id="return" class="danger">退回修改</button></p>
          </form>
          {{/canReturn}}
          {{#canAllowModification}}
          <form method="post" action="{{allowAction}}" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="allow-reason">允许修改的原因</label>
            <textarea id="allow-reason" name="reason" maxlength="500" required></textarea>
            <p><button type="submit" id="allow-modification" class="secondary">允许修改</button></p>
          </form>
          {{/canAllowModification}}
          {{#canUndoModification}}
          <form method="post" action="{{undoAction}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <p class="muted">考生尚未修改申报：可撤销“允许修改”，申报恢复为审核通过。</p>
            <button type="submit" id="undo-modification" class="secondary">撤销允许修改</button>
          </form>
          {{/canUndoModification}}
          {{^canApprove}}{{^canReturn}}{{^canAllowModification}}{{^canUndoModification}}<p class="muted">当前状态下没有可执行的审核操作。</p>{{/canUndoModification}}{{/canAllowModification}}{{/canReturn}}{{/canApprove}}
        </section>
        """
}

/// The unit home page panel.
extension ReviewDashboardPanel {
    static let template = """
        <section class="panel" id="trial-panel">
          <h2>试用期申报</h2>
          {{#cycle}}
          <p>{{year}} 年申报：{{opens}} 至 {{closes}}；单位审核截止 {{review}}；试用期须于 {{trialEnd}} 前满。</p>
          {{#reviewing}}<p class="notice" id="review-period">申报已截止，单位审核进行中：退回或允许修改的申报，考生可在单位审核截止前修改并重新提交。</p>{{/reviewing}}
          {{/cycle}}
          {{^cycle}}<p class="muted">当前没有开放或审核中的申报周期。</p>{{/cycle}}
          <ul class="counts">{{#counts}}<li><a href="{{href}}">{{label}}</a><br><strong>{{count}}</strong></li>{{/counts}}</ul>
          <p><a href="{{list}}">进入试用期审核</a></p>
        </section>
        """
}
