// Development sign-in: choose a user, a department and a role. Offered only where the server allows it
// (Development, or Dashboard__DevSignIn=true); a deployment signs in through its OpenID Connect provider.
import { api, session } from '../api.js';
import { escape } from '../format.js';

const roleText = { reporter: '填报员 reporter', reviewer: '审核员 reviewer', auditor: '审计员 auditor', viewer: '查看者 viewer', admin: '管理员 admin' };

export function renderSignIn(main, config, done) {
  if (!config.devSignIn) {
    main.innerHTML = `<div class="card signin"><h2>登录</h2><p>本服务器未开放开发登录。${config.authority
      ? `请通过统一身份认证（${escape(config.authority)}）登录后，以令牌访问。` : '请向管理员获取访问令牌。'}</p></div>`;
    return;
  }
  main.innerHTML = `
    <form class="card signin" id="signin">
      <h2>登录（开发环境）</h2>
      <label for="signin-user">用户</label><input id="signin-user" value="zhou.viewer" required>
      <label for="signin-department">部门代码</label><input id="signin-department" value="tjj" required>
      <label for="signin-role">角色</label>
      <select id="signin-role">${config.roles.map((r) => `<option value="${r}" ${r === 'viewer' ? 'selected' : ''}>${roleText[r] || r}</option>`).join('')}</select>
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
