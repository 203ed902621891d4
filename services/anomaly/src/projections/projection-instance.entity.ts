import { EntitySchema } from '@mikro-orm/core';

/** Every service instance the OPS projection has seen: a new one of a known service is a restart. */
export class ProjectionInstanceRow {
  service!: string;
  instanceId!: string;
  firstSeenAt!: Date;
}

export const ProjectionInstanceSchema = new EntitySchema<ProjectionInstanceRow>({
  class: ProjectionInstanceRow,
  tableName: 'projection_instance',
  properties: {
    service: { type: 'string', primary: true },
    instanceId: { type: 'string', primary: true },
    firstSeenAt: { type: 'datetime' },
  },
});
