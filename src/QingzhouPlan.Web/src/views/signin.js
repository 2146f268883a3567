// Development sign-in: choose a user, a department and a role. Offered only where the server allows it
// (Development, or Dashboard__DevSignIn=true); a deployment signs in through its OpenID Connect provider.
import { api } from '../api.js';
import { session } from '../session.js';
import { signInWithProvider } from '../oidc.js';
import { escape } from '../format.js';

const roleText = { reporter: '填报员 reporter', approver: '部门审核人 approver', reviewer: '审核员 reviewer', auditor: '审计员 auditor', viewer: '查看者 viewer', admin: '管理员 admin' };

export function renderSignIn(main, config, done) {
  const provider = config.authority && config.clientId
    ? `<div class="card signin"><h2>登录</h2><p>通过统一身份认证（${escape(config.authority)}）登录。</p>
        <button class="primary" id="oidc-sign-in">统一身份认证登录</button><p class="error" id="oidc-error"></p></div>`
    : '';
  if (!config.devSignIn) {
    main.innerHTML = provider || '<div class="card signin"><h2>登录</h2><p>本服务器未配置登录方式，请联系管理员。</p></div>';
    main.querySelector('#oidc-sign-in')?.addEventListener('click', () =>
      signInWithProvider(config).catch((error) => { main.querySelector('#oidc-error').textContent = error.message; }));
    return;
  }
  main.innerHTML = `
    <form class="card signin" id="signin">
      <h2>登录（开发环境）</h2>
      <label for="signin-user">用户</label><input id="signin-user" value="zhou.viewer" required>
      <label for="signin-department">部门代码</label><input id="signin-department" value="tjj" required>
      <label for="signin-role">角色</label>
      <select id="signin-role">${config.roles.map((r) => `<option value="${escape(r)}" ${r === 'viewer' ? 'selected' : ''}>${escape(roleText[r] || r)}</option>`).join('')}</select>
      <button class="primary" id="signin-submit" type="submit">登录</button>
      <p class="error" id="signin-error"></p>
    </form>`;
  main.querySelector('#signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await api('/dashboard/dev-sign-in', {
        method: 'POST',
        body: JSON.stringify({
          user: main.querySelector('#signin-user').value.trim(),
          department: main.querySelector('#signin-department').value.trim(),
          role: main.querySelector('#signin-role').value,
        }),
      });
      session.set(answer);
      done();
    } catch (error) {
      main.querySelector('#signin-error').textContent = error.message;
    }
  });
}
