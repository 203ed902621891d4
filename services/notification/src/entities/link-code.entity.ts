import { EntitySchema, type Opt } from '@mikro-orm/core';

/** A one-time code shown in the dashboard; stored hashed, usable once before `expiresAt`. */
export class LinkCodeRow {
  codeHash!: string;
  createdBy?: string | null;
  expiresAt!: Date;
  usedAt?: Date | null;
  usedByChat?: string | null;
  createdAt: Date & Opt = new Date();
}

export const LinkCodeSchema = new EntitySchema<LinkCodeRow>({
  class: LinkCodeRow,
  tableName: 'link_code',
  properties: {
    codeHash: { type: 'string', primary: true },
    createdBy: { type: 'string', nullable: true },
    expiresAt: { type: 'datetime' },
    usedAt: { type: 'datetime', nullable: true },
    usedByChat: { type: 'string', nullable: true },
    createdAt: { type: 'datetime' },
  },
});
