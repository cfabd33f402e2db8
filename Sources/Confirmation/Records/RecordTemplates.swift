/// The 信息确认 pages' templates (HTML; `{{…}}` escapes), rendering `RecordPageModels`.
enum RecordTemplates {
    static let all: [String: String] = [
        "list": list, "record": record, "diff": diff, "import": importForm, "report": report, "panel": panel,
    ]

    static let list = """
        <h1>信息确认 <span class="muted">{{year}} 年</span></h1>
        <form method="get" action="{{action}}" class="filters card">
          <input type="hidden" name="year" value="{{year}}">
          <label>状态 <select name="status">{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <label>姓名 <input name="q" value="{{q}}" maxlength="50"></label>
          <button type="submit">筛选</button>
        </form>
        {{#list}}
        {{> list-counts}}
        {{> list-empty}}
        {{^isEmpty}}
        <table class="list">
          <thead><tr><th>姓名</th><th>证件号码</th><th>状态</th><th>异议</th></tr></thead>
          <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{number}}</td><td>{{status}}</td><td>{{#dispute}}{{.}}{{/dispute}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        <p><a href="{{export}}" id="export">导出当前筛选结果（CSV，可用 Excel 打开）</a>　<a href="{{importLink}}" id="import">从 CSV 文件导入</a></p>
        """

    static let importForm = """
        <p><a href="{{back}}">← 返回列表</a></p>
        <h1>导入考试信息 <span class="muted">{{year}} 年</span></h1>
        {{#formError}}<p class="error" id="form-error">{{formError}}</p>{{/formError}}
        <section>
          <p>CSV 文件（Excel 另存为“CSV UTF-8”，或普通 CSV 即 GBK 编码），第一行为列名（中文或英文），每行一名本单位人员，按证件号码对应，最多 {{limit}} 行。
          代码列可填代码或中文名称，是否列填“是”或“否”，日期可写作 2020-09-01、2020/9/1、2020.09.01 或 2020年9月1日。证件号码等长数字列请在 Excel 中设为“文本”格式，否则会变成 4.20106E+17 这样的科学计数法而无法导入。
          每行单独检查：有错误的行不保存，其余行保存；内容未变的行不产生新版本。导出的文件填写后可直接导入。</p>
          <p><a href="{{template}}" id="import-template">下载导入模板（含表头和一行示例）</a></p>
          <p class="muted">列名：{{columns}}</p>
          <form method="post" action="{{action}}" enctype="multipart/form-data" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="year" value="{{year}}">
            <label for="file">CSV 文件</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required>
            <p><button type="submit" id="upload">导入</button></p>
          </form>
        </section>
        """

    static let report = """
        <p><a href="{{back}}">← 返回列表</a>　<a href="{{again}}">再导入一个文件</a></p>
        <h1>导入结果 <span class="muted">{{year}} 年</span></h1>
        <p id="import-summary">已保存 {{saved}} 行，无变化 {{unchanged}} 行，有错误 {{invalid}} 行。</p>
        <table class="list">
          <thead><tr><th>行号</th><th>证件号码</th><th>结果</th><th>问题</th></tr></thead>
          <tbody>{{#lines}}<tr{{#invalid}} class="invalid"{{/invalid}}><td>{{line}}</td><td>{{number}}</td><td>{{outcome}}</td><td>{{problems}}</td></tr>{{/lines}}</tbody>
        </table>
        """

    static let record = """
        <p><a href="{{back}}">← 返回列表</a></p>
        <h1>{{name}} 的考试信息 <span class="muted">{{year}} 年 · {{status}}</span></h1>
        <p class="muted">证件号码 {{number}}</p>
        {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
        {{#formError}}<p class="error" id="form-error">{{formError}}</p>{{/formError}}
        {{#dispute}}<section class="card"><h2>考生的异议</h2><p>{{message}}</p><p class="muted">涉及：{{fields}}</p></section>{{/dispute}}
        <section id="photos">
          <h2>证件照片</h2>
          {{#hasPhotos}}<ul>{{#photos}}<li><a href="{{href}}" target="_blank" rel="noopener">{{label}}</a></li>{{/photos}}</ul>{{/hasPhotos}}
          {{^hasPhotos}}<p class="muted">暂无照片。</p>{{/hasPhotos}}
          {{#missing}}<p class="muted">尚缺：{{missing}}（考生可在小程序中上传）</p>{{/missing}}
        </section>
        <form method="post" action="{{action}}" class="record-form" enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#version}}<input type="hidden" name="version" value="{{version}}">{{/version}}
          {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
          {{#sections}}
          <fieldset id="section-{{id}}"><legend>{{title}}</legend>
            {{#optional}}<p class="muted">无此信息时整节留空。</p>{{/optional}}
            <div class="grid">
            {{#fields}}
              <div class="field">
                <label for="{{id}}">{{label}}</label>
                {{#isInput}}<input id="{{id}}" name="{{name}}" type="{{inputType}}" value="{{value}}">{{/isInput}}
                {{^isInput}}<select id="{{id}}" name="{{name}}"><option value=""></option>{{#options}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isInput}}
                {{#fieldError}}<span class="field-error" id="{{id}}-error">{{fieldError}}</span>{{/fieldError}}
              </div>
            {{/fields}}
            {{#photos}}
              <div class="field">
                <label for="{{id}}">{{label}}</label>
                {{#current}}<a href="{{.}}" target="_blank" rel="noopener">当前照片</a>{{/current}}
                <input id="{{id}}" name="{{name}}" type="file" accept="image/jpeg,image/png,application/pdf">
                {{#fieldError}}<span class="field-error" id="{{id}}-error">{{fieldError}}</span>{{/fieldError}}
              </div>
            {{/photos}}
            </div>
          </fieldset>
          {{/sections}}
          <label for="note">说明（如对考生异议的答复）</label>
          <textarea id="note" name="note" maxlength="500"></textarea>
          <p><button type="submit" id="save">保存并提交考生确认</button></p>
        </form>
        {{#hasVersions}}
        <section>
          <h2>版本记录</h2>
          <table><thead><tr><th>版本</th><th>保存时间</th><th>方式</th><th>说明</th><th></th></tr></thead>
          <tbody>{{#versions}}<tr><td>{{version}}</td><td>{{savedAt}}</td><td>{{source}}</td><td>{{#note}}{{.}}{{/note}}</td><td>{{#href}}<a href="{{.}}">与上一版比较</a>{{/href}}</td></tr>{{/versions}}</tbody></table>
        </section>
        {{/hasVersions}}
        """

    static let diff = """
        <p><a href="{{back}}">← 返回</a></p>
        <h1>版本 {{version}} 与版本 {{base}} 的差异</h1>
        {{#none}}<p class="muted">两个版本内容相同。</p>{{/none}}
        {{^none}}
        <table><thead><tr><th>项目</th><th>原内容</th><th>新内容</th></tr></thead>
        <tbody>{{#changes}}<tr><td>{{field}}</td><td>{{from}}</td><td>{{to}}</td></tr>{{/changes}}</tbody></table>
        {{/none}}
        """

    /// This year's exam information on the unit's home page.
    static let panel = """
        <section class="panel" id="record-panel">
          <h2>信息确认 <span class="muted">{{year}} 年</span></h2>
          <ul class="counts">{{#counts}}<li><a href="{{href}}">{{label}}</a><br><strong>{{count}}</strong></li>{{/counts}}</ul>
          <p><a href="{{list}}">进入信息确认</a></p>
        </section>
        """
}
