export interface ParsedCommand {
  name: string;
  args: string;
}

/**
 * `/status`, `/ack@vigie_bot anm-123`, `/Silence cash.variance 2h` → name and arguments. Undefined for
 * text that is not a command, or a command addressed to another bot (`/status@other_bot` in a group).
 */
export function parseCommand(text: string | undefined, botUsername: string | undefined): ParsedCommand | undefined {
  const m = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/.exec((text ?? '').trim());
  if (!m) return undefined;
  if (m[2] && botUsername && m[2].toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return { name: m[1].toLowerCase(), args: (m[3] ?? '').trim() };
}
