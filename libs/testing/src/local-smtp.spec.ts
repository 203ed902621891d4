import nodemailer from 'nodemailer';
import { LocalSmtpServer } from './local-smtp';

describe('LocalSmtpServer', () => {
  let smtp: LocalSmtpServer;

  afterEach(async () => {
    await smtp?.stop();
  });

  const transport = (url: string) => nodemailer.createTransport(url);

  it('records what nodemailer sends, with the subject and both bodies decoded', async () => {
    smtp = await LocalSmtpServer.start();
    const t = transport(smtp.url());
    const info = await t.sendMail({
      from: 'Vigie <vigie@example.org>',
      to: 'admin@example.org, other@example.org',
      subject: 'Rapport hebdomadaire — semaine 2026-W48 : écarts 12,50 €',
      text: 'Sessions de caisse : 42\nÉcart = 5 % ; ligne très longue '.repeat(5),
      html: '<p>Écart &amp; détails</p>',
    });
    expect(info.accepted).toEqual(['admin@example.org', 'other@example.org']);
    const [mail] = await smtp.waitForMessages(1);
    expect(mail).toMatchObject({ from: 'vigie@example.org', to: ['admin@example.org', 'other@example.org'] });
    expect(mail.subject).toBe('Rapport hebdomadaire — semaine 2026-W48 : écarts 12,50 €');
    expect(mail.text).toBe('Sessions de caisse : 42\nÉcart = 5 % ; ligne très longue '.repeat(5));
    expect(mail.html).toBe('<p>Écart &amp; détails</p>');
    expect(mail.raw).toContain('Subject:');
    t.close();
  });

  it('refuses on demand: a 5xx once, then accepts again', async () => {
    smtp = await LocalSmtpServer.start();
    smtp.rejectNext(1, { code: 550 });
    const t = transport(smtp.url());
    await expect(t.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' })).rejects.toMatchObject({
      responseCode: 550,
    });
    await t.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' });
    expect(smtp.messages()).toHaveLength(1);
    t.close();
  });

  it('refuses at DATA with a 4xx', async () => {
    smtp = await LocalSmtpServer.start();
    smtp.rejectNext(1, { code: 451, at: 'data' });
    const t = transport(smtp.url());
    await expect(t.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' })).rejects.toMatchObject({
      responseCode: 451,
    });
    expect(smtp.messages()).toHaveLength(0);
    t.close();
  });

  it('answers 421 to every connection while down', async () => {
    smtp = await LocalSmtpServer.start();
    smtp.setDown(true);
    const t = transport(smtp.url());
    await expect(t.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' })).rejects.toMatchObject({
      responseCode: 421,
    });
    smtp.setDown(false);
    await t.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' });
    expect(smtp.messages()).toHaveLength(1);
    t.close();
  });

  it('requires a login when users are given and records who sent', async () => {
    smtp = await LocalSmtpServer.start({ users: { vigie: 's3cret' } });
    const bad = transport(smtp.url({ user: 'vigie', password: 'wrong' }));
    await expect(bad.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' })).rejects.toMatchObject({
      code: 'EAUTH',
    });
    const good = transport(smtp.url({ user: 'vigie', password: 's3cret' }));
    await good.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' });
    expect((await smtp.waitForMessages(1))[0].user).toBe('vigie');
    bad.close();
    good.close();
  });
});
