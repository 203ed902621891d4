import { mayManageChat } from './own-chats.usecase';

describe('mayManageChat', () => {
  const admin = { role: 'admin' as const, principal: 'p-admin' };
  const superAdmin = { role: 'super-admin' as const, principal: 'p-super' };

  it.each([
    ['an admin, their own chat', admin, 'p-admin', true],
    ['an admin, another admin’s chat', admin, 'p-other', false],
    ['an admin, a chat linked from the environment', admin, null, false],
    ['a super-admin, another admin’s chat', superAdmin, 'p-other', true],
    ['a super-admin, a chat linked from the environment', superAdmin, null, true],
  ])('%s → %s', (_what, caller, linkedBy, expected) => {
    expect(mayManageChat(caller, { linkedBy })).toBe(expected);
  });
});
