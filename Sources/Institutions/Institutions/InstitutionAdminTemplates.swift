/// The 机构管理 pages' templates (HTML; `{{…}}` escapes), rendering `InstitutionAdminPageModels`.
enum InstitutionAdminTemplates {
    static let all: [String: String] = ["search": search, "edit": edit, "report": report]

    static let search = """
        <h1>机构管理</h1>
        <form method="get" action="{{action}}" class="filters card">
          <label>名称或统一社会信用代码 <input name="q" value="{{q}}" maxlength="60" required></label>
          <button type="submit">搜索</button>
        </form>
        {{#list}}
        {{> list-empty}}
        {{^isEmpty}}
        <table class="list"><thead><tr><th>单位名称</th><th>机构编码</th><th>机构类别</th><th>地区</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{uscc}}</td><td>{{category}}</td><td>{{region}}</td></tr>{{/rows}}</tbody></table>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        <section>
          <h2>导入机构（CSV）</h2>
          <p class="muted">每行：单位名称,统一社会信用代码,主管单位,机构类别,地区,地址（首行可为表头；UTF-8 或 GBK 编码）。按统一社会信用代码更新已有机构，不会重复创建。<a href="{{importTemplate}}" id="institutions-template">下载导入模板</a></p>
          <form method="post" action="{{importAction}}" enctype="multipart/form-data" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input id="institutions-file" name="file" type="file" accept=".csv,text/csv" required>
            <p><button type="submit" id="import-institutions">导入</button></p>
          </form>
        </section>
        """

    static let edit = """
        <p><a href="{{back}}">← 机构管理</a></p>
        <h1>修改机构信息</h1>
        {{#formError}}<p class="error" id="form-error">{{formError}}</p>{{/formError}}
        <form method="post" action="{{action}}" class="card stacked">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#fields}}
          <label for="institution-{{name}}">{{label}}</label>
          <input id="institution-{{name}}" name="{{name}}" value="{{value}}">
          {{#fieldError}}<span class="field-error" id="institution-{{name}}-error">{{fieldError}}</span>{{/fieldError}}
          {{/fields}}
          <label for="institution-category">机构类别</label>
          <select id="institution-category" name="category">{{#categories}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}} {{label}}</option>{{/categories}}</select>
          {{#categoryError}}<span class="field-error">{{categoryError}}</span>{{/categoryError}}
          <label for="institution-region">地区</label>
          <select id="institution-region" name="region">{{#regions}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/regions}}</select>
          {{#regionError}}<span class="field-error">{{regionError}}</span>{{/regionError}}
          <label for="institution-status">状态</label>
          <select id="institution-status" name="status">{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
          <p><label><input type="checkbox" name="acceptFailedUsccCheck" value="true"> 已核实：接受校验位不符的统一社会信用代码</label></p>
          <p><button type="submit" id="save-institution">保存</button></p>
        </form>
        """

    static let report = """
        <p><a href="{{back}}">← 机构管理</a></p>
        <h1>机构导入结果</h1>
        <p id="import-summary">新建 {{created}} 个，更新 {{updated}} 个，无变化 {{unchanged}} 个，有错误 {{badCount}} 行。</p>
        {{#bad}}<p class="error">第 {{line}} 行：{{reason}}</p>{{/bad}}
        """
}
