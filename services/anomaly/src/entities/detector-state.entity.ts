import { EntitySchema } from '@mikro-orm/core';

/** A detector's bounded state for one key (a register, a target, a model...), kept with the checkpoint. */
export class DetectorStateRow {
  ruleId!: string;
  key!: string;
  state!: unknown;
}

export const DetectorStateSchema = new EntitySchema<DetectorStateRow>({
  class: DetectorStateRow,
  tableName: 'detector_state',
  properties: {
    ruleId: { type: 'string', primary: true },
    key: { type: 'string', primary: true },
    state: { type: 'json' },
  },
});
