/// The templates of 我的地址 on the candidates' pages (`/m/addresses`).
enum AddressMobileTemplates {
    static let all = ["list": list, "form": form]

    static let list = """
        <h1>我的地址</h1>
        <p class="hint">证书和材料的邮寄地址。默认地址排在最前。</p>
        {{#notice}}<p class="notice" id="address-notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="errors" id="page-error" role="alert">{{error}}</p>{{/error}}
        {{#isEmpty}}<p class="card muted" id="no-addresses">还没有地址。</p>{{/isEmpty}}
        <ul class="list" id="addresses">
          {{#rows}}<li id="address-{{id}}">
            <p><strong>{{recipient}}</strong> {{phone}} {{#isDefault}}<span class="status ok">默认</span>{{/isDefault}}</p>
            <p>{{region}} {{detail}}</p>
            <div class="actions">
              <a class="button secondary" href="{{editHref}}" id="edit-{{id}}">编辑</a>
              {{^isDefault}}
              <form method="post" action="{{defaultAction}}">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <button type="submit" class="secondary" id="default-{{id}}">设为默认</button>
              </form>
              {{/isDefault}}
              <form method="post" action="{{deleteAction}}">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <button type="submit" class="danger" id="delete-{{id}}">删除</button>
              </form>
            </div>
          </li>{{/rows}}
        </ul>
        <p><a class="button" href="{{newHref}}" id="new-address">新增地址</a></p>
        """

    static let form = """
        {{#error}}<p class="errors" id="page-error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{action}}" class="card" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <label for="recipient" class="required">收件人</label>
          <input id="recipient" name="recipient" autocomplete="name" maxlength="50" value="{{recipient}}" required{{#recipientError}} aria-invalid="true" aria-describedby="recipient-error"{{/recipientError}}>
          {{#recipientError}}<span class="field-error" id="recipient-error">{{recipientError}}</span>{{/recipientError}}
          <label for="phone" class="required">手机号</label>
          <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" value="{{phone}}" required{{#phoneError}} aria-invalid="true" aria-describedby="phone-error"{{/phoneError}}>
          {{#phoneError}}<span class="field-error" id="phone-error">{{phoneError}}</span>{{/phoneError}}
          <label for="region" class="required">所在地区</label>
          <input id="region" name="region" maxlength="100" placeholder="省 市 区县" value="{{region}}" required{{#regionError}} aria-invalid="true" aria-describedby="region-error"{{/regionError}}>
          {{#regionError}}<span class="field-error" id="region-error">{{regionError}}</span>{{/regionError}}
          <label for="detail" class="required">详细地址</label>
          <textarea id="detail" name="detail" maxlength="200" required{{#detailError}} aria-invalid="true" aria-describedby="detail-error"{{/detailError}}>{{detail}}</textarea>
          {{#detailError}}<span class="field-error" id="detail-error">{{detailError}}</span>{{/detailError}}
          <label class="choice" for="isDefault"><input type="checkbox" id="isDefault" name="isDefault" value="1"{{#isDefault}} checked{{/isDefault}}> 设为默认地址</label>
          <button type="submit" id="address-save">保存</button>
          <a class="button secondary" href="{{cancel}}" id="address-cancel">取消</a>
        </form>
        """
}
