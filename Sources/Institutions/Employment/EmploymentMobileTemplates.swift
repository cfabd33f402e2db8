/// The templates of 工作单位 on the candidates' pages.
enum EmploymentMobileTemplates {
    static let all = ["overview": overview, "search": search, "bind": bind]

    static let overview = """
        <h1>工作单位</h1>
        {{#notice}}<p class="notice" id="employment-notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="errors" id="employment-error" role="alert">{{error}}</p>{{/error}}
        {{^verified}}
        <section class="card" id="verification-needed">
          <p>绑定工作单位前，请先完成实名认证。</p>
          <a class="button" href="{{verificationHref}}">去实名认证</a>
        </section>
        {{/verified}}
        {{#current}}
        <section class="card" id="current-unit">
          <h2>当前工作单位 <span class="status ok">已绑定</span></h2>
          <p><strong id="current-unit-name">{{name}}</strong></p>
          <p class="muted">{{details}}</p>
          <p class="muted">{{period}}</p>
          <div class="actions">
            <a class="button secondary" href="{{searchHref}}" id="change-unit">更新工作单位</a>
            <form method="post" action="{{unbindAction}}">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <button type="submit" class="danger" id="unbind">解绑</button>
            </form>
          </div>
          <p class="hint">解绑后，原单位将不能再查看您提交的材料；您可以随时重新绑定。</p>
        </section>
        {{/current}}
        {{^current}}
        {{#verified}}
        <section class="card" id="no-unit">
          <h2>当前工作单位 <span class="status waiting">未绑定</span></h2>
          <p>在“单位名称”处搜索您的单位，选择正确的单位，填写单位确认码即完成绑定。单位确认码请咨询本单位试用期相关负责人。</p>
          <a class="button" href="{{searchHref}}" id="bind-unit">绑定工作单位</a>
        </section>
        {{/verified}}
        {{/current}}
        <section class="card">
          <h2>找不到单位？</h2>
          <p>如果单位暂不存在，请联系单位负责人进行机构注册。</p>
          <a class="button secondary" href="{{registerHref}}" id="register-link">机构注册</a>
        </section>
        {{#hasHistory}}
        <section class="card" id="history">
          <h2>曾绑定的单位</h2>
          <ul class="menu">{{#history}}<li><div><strong>{{name}}</strong><br><span class="muted">{{period}}</span></div></li>{{/history}}</ul>
        </section>
        {{/hasHistory}}
        """

    static let search = """
        <h1>选择工作单位</h1>
        <form method="get" action="{{action}}" class="card" role="search">
          <label for="q" class="required">单位名称</label>
          <input id="q" name="q" type="search" value="{{q}}" maxlength="100" placeholder="输入单位名称中的几个字" required{{#qError}} aria-invalid="true" aria-describedby="q-error"{{/qError}}>
          {{#qError}}<span class="field-error" id="q-error">{{qError}}</span>{{/qError}}
          <button type="submit" id="search">搜索</button>
        </form>
        {{#searched}}
        {{#isEmpty}}
        <section class="card" id="no-results">
          <p>没有找到名称中含“{{q}}”的单位。请换几个字再试；如果单位暂不存在，请联系单位负责人进行机构注册。</p>
          <a class="button secondary" href="{{registerHref}}">机构注册</a>
        </section>
        {{/isEmpty}}
        {{^isEmpty}}
        <section class="card">
          <h2>请选择您的单位</h2>
          <ul class="menu" id="results">{{#results}}<li><a href="{{href}}"><span><strong class="unit-name">{{name}}</strong><br><span class="muted">{{details}}</span></span></a></li>{{/results}}</ul>
          {{#next}}<a class="button secondary" href="{{next}}" id="next-page">下一页</a>{{/next}}
        </section>
        {{/isEmpty}}
        {{/searched}}
        """

    static let bind = """
        <h1>{{title}}</h1>
        {{#form}}{{#error}}<p class="errors" id="bind-error" role="alert">{{error}}{{#needsVerification}} <a href="{{verificationHref}}">去实名认证</a>{{/needsVerification}}</p>{{/error}}{{/form}}
        <section class="card" id="picked-unit">
          {{#unit}}<h2>{{name}}</h2><p class="muted">{{details}}</p>{{/unit}}
          {{#current}}<p class="hint">当前绑定：{{current}}。绑定新单位后，原单位的绑定将结束。</p>{{/current}}
        </section>
        <form method="post" action="{{action}}" class="card" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#form}}
          <label for="confirmationCode" class="required">单位确认码</label>
          <input id="confirmationCode" name="confirmationCode" value="{{code}}" autocomplete="off" autocapitalize="characters" maxlength="32" required{{#codeError}} aria-invalid="true" aria-describedby="confirmationCode-error"{{/codeError}}>
          {{#codeError}}<span class="field-error" id="confirmationCode-error">{{codeError}}</span>{{/codeError}}
          <p class="hint">单位确认码请咨询本单位试用期相关负责人。</p>
          {{/form}}
          <button type="submit" id="bind">确认绑定</button>
        </form>
        """
}
