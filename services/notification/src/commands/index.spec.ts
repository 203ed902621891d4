import type { ButtonHandler, ChatCommand } from '../bot/chat-command';
import { checkButtons, checkCommands, COMMAND_TYPES } from '.';
import { checkChannels } from '../channels';
import type { Channel } from '../channels/channel';

const command = (name: string): ChatCommand => ({ name, description: { fr: 'x', en: 'x' }, run: async () => undefined });

describe('registries', () => {
  it('has every command of the issue', () => {
    const names = COMMAND_TYPES.map((t) => t.name);
    for (const n of ['Start', 'Help', 'Status', 'Alerts', 'Ack', 'Silence', 'Mute', 'Report', 'Subscriptions', 'Subscribe', 'Unsubscribe']) {
      expect(names).toContain(`${n}Command`);
    }
  });

  it('refuses an empty list, a duplicate or an invalid command name', () => {
    expect(() => checkCommands([])).toThrow('no bot command');
    expect(() => checkCommands([command('status'), command('status')])).toThrow('/status is registered twice');
    expect(() => checkCommands([command('Status!')])).toThrow('not a Telegram command name');
    expect(checkCommands([command('status'), command('help')])).toHaveLength(2);
  });

  it('refuses two button handlers for one prefix', () => {
    const h = (prefixes: string[]): ButtonHandler => ({ prefixes, press: async () => undefined });
    expect(() => checkButtons([h(['ack:']), h(['sub:', 'ack:'])])).toThrow('button prefix ack: is handled twice');
  });

  it('refuses an empty channel list or one id twice', () => {
    const ch = (id: string) => ({ id }) as Channel;
    expect(() => checkChannels([])).toThrow('no notification channel');
    expect(() => checkChannels([ch('telegram'), ch('telegram')])).toThrow('telegram is registered twice');
  });
});
