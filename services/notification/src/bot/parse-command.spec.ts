import { parseCommand } from './parse-command';

describe('parseCommand', () => {
  it('reads the command and its arguments', () => {
    expect(parseCommand('/status', 'vigie_bot')).toEqual({ name: 'status', args: '' });
    expect(parseCommand('  /Silence  cash.variance   2h ', 'vigie_bot')).toEqual({ name: 'silence', args: 'cash.variance   2h' });
    expect(parseCommand('/ack@Vigie_Bot anm-1234', 'vigie_bot')).toEqual({ name: 'ack', args: 'anm-1234' });
  });

  it('ignores plain text and commands for another bot', () => {
    expect(parseCommand('bonjour', 'vigie_bot')).toBeUndefined();
    expect(parseCommand(undefined, 'vigie_bot')).toBeUndefined();
    expect(parseCommand('/status@other_bot', 'vigie_bot')).toBeUndefined();
  });
});
