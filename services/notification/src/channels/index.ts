import type { Provider, Type } from '@nestjs/common';
import type { Channel } from './channel';
import { EmailChannel } from './email.channel';
import { TelegramChannel } from './telegram.channel';

/** Every channel, one file each. Adding one = its file, its spec, one line here. */
export const CHANNEL_TYPES: readonly Type<Channel>[] = [TelegramChannel, EmailChannel];

export const CHANNELS = Symbol('CHANNELS');
export type ChannelList = readonly Channel[];

/** Refuses an empty list or two channels with one id, at boot. */
export function checkChannels(channels: readonly Channel[]): ChannelList {
  if (channels.length === 0) throw new Error('no notification channel registered');
  const ids = channels.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`notification channel ${twice} is registered twice`);
  return channels;
}

export const channelProviders: Provider[] = [
  ...CHANNEL_TYPES,
  { provide: CHANNELS, useFactory: (...channels: Channel[]) => checkChannels(channels), inject: [...CHANNEL_TYPES] },
];
