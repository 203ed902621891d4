import { parseDurationMinutes } from './durations';

describe('parseDurationMinutes', () => {
  it.each([
    ['90', 90],
    ['30m', 30],
    ['45min', 45],
    ['2h', 120],
    ['1h30', 90],
    ['1d', 1440],
    ['3j', 4320],
    [' 2H ', 120],
  ])('reads %s as %d minutes', (text, minutes) => {
    expect(parseDurationMinutes(text)).toBe(minutes);
  });

  it.each(['', '0', '-5', 'h', '2x', '31d', '1h60', '1.5h'])('refuses %p', (text) => {
    expect(parseDurationMinutes(text)).toBeUndefined();
  });
});
