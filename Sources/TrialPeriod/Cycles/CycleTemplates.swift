import Console

/// The cycles page template (HTML; `{{…}}` escapes).
extension CyclePages {
    static let template = """
        <h1>考试周期</h1>
        <table class="list">
          <thead><tr><th>年度</th><th>申报时间</th><th>单位审核截止</th><th>试用期截止</th><th></th></tr></thead>
          <tbody>{{#rows}}<tr><td>{{year}}</td><td>{{window}}</td><td>{{review}}</td><td>{{trialEnd}}</td><td><a href="{{href}}">修改</a></td></tr>{{/rows}}</tbody>
        </table>
        <form method="post" action="{{action}}" class="card stacked" id="cycle-form">
          <h2>{{title}}</h2>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#fields}}
          <label for="cycle-{{name}}">{{label}}</label>
          <input id="cycle-{{name}}" name="{{name}}" type="{{type}}" value="{{value}}">
          {{#fieldError}}<span class="field-error" id="cycle-{{name}}-error">{{fieldError}}</span>{{/fieldError}}
          {{/fields}}
          <label for="cycle-noticeText">申报须知</label>
          <textarea id="cycle-noticeText" name="noticeText" rows="6">{{notice}}</textarea>
          {{#noticeError}}<span class="field-error" id="cycle-noticeText-error">{{noticeError}}</span>{{/noticeError}}
          <label for="cycle-eligibility">报考条件表（JSON，形式同参考数据中的 eligibility.table；留空：新建时用默认表，修改时保持不变）</label>
          <textarea id="cycle-eligibility" name="eligibility" rows="12">{{eligibility}}</textarea>
          {{#eligibilityError}}<span class="field-error" id="cycle-eligibility-error">{{eligibilityError}}</span>{{/eligibilityError}}
          <p><button type="submit" id="save-cycle">保存</button></p>
        </form>
        """
}
