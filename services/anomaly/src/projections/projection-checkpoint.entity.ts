import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** The last stream sequence folded into the KPI projection, per input stream, written with its effects. */
export class ProjectionCheckpointRow {
  stream!: string;
  seq!: number;
}

export const ProjectionCheckpointSchema = new EntitySchema<ProjectionCheckpointRow>({
  class: ProjectionCheckpointRow,
  tableName: 'projection_checkpoint',
  properties: {
    stream: { type: 'string', primary: true },
    seq: { type: new BigIntType('number') },
  },
});
