import { alertKeyboard, parseAlertAction } from './alert-keyboard';

describe('alert buttons', () => {
  it('offers Acknowledge / Silence 1 h / Silence 24 h, in the chat language', () => {
    expect(alertKeyboard('anm-1', 'fr')).toEqual({
      inline_keyboard: [
        [
          { text: '✅ Acquitter', callback_data: 'ack:anm-1' },
          { text: '🔕 Sourdine 1 h', callback_data: 'sil:60:anm-1' },
          { text: '🔕 Sourdine 24 h', callback_data: 'sil:1440:anm-1' },
        ],
      ],
    });
    expect(alertKeyboard('anm-1', 'en')!.inline_keyboard[0].map((b) => b.text)).toEqual(['✅ Acknowledge', '🔕 Silence 1 h', '🔕 Silence 24 h']);
  });

  it('has no buttons when the id does not fit Telegram’s 64-byte callback data', () => {
    expect(alertKeyboard(`anm-${'a'.repeat(60)}`, 'fr')).toBeUndefined();
  });

  it('reads back only what it wrote', () => {
    expect(parseAlertAction('ack:anm-1')).toEqual({ kind: 'ack', anomalyId: 'anm-1' });
    expect(parseAlertAction('sil:1440:anm-1')).toEqual({ kind: 'silence', anomalyId: 'anm-1', minutes: 1440 });
    expect(parseAlertAction('sil:5:anm-1')).toBeUndefined();
    expect(parseAlertAction('ack:../x')).toBeUndefined();
    expect(parseAlertAction('sub:s:cash.*')).toBeUndefined();
  });
});
