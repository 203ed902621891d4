import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * The last stream sequence whose effects are committed, per input stream. Written in the same
 * transaction as those effects: a redelivered message at or below it is already applied.
 */
export class CheckpointRow {
  stream!: string;
  seq!: number;
}

export const CheckpointSchema = new EntitySchema<CheckpointRow>({
  class: CheckpointRow,
  tableName: 'checkpoint',
  properties: {
    stream: { type: 'string', primary: true },
    seq: { type: new BigIntType('number') },
  },
});
