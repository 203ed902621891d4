import { businessTime } from '@vigie/health';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createEvent, type DepositCategory } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { Clock } from '../../clock';
import { SERVICE } from '../../config';
import { Classification } from '../../entities/classification.entity';
import { toClassificationView, type ClassificationView } from '../classification.view';
import { beforeClassification, classificationNotFound, sameCategory } from '../refusals';

export interface CorrectClassificationCommand {
  classificationId: string;
  /** The category a volunteer chose. */
  category: DepositCategory;
  /** When the volunteer corrected it, if not now; not before the classification. */
  at?: Date;
}

@Injectable()
export class CorrectClassification {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: CorrectClassificationCommand): Promise<ClassificationView> {
    businessTime(cmd.at, this.clock.now());
    const corrected = await this.orm.em.fork().transactional(async (em) => {
      // Row lock: two volunteers correcting at once each see the other's category as the "from".
      const found = await em.findOne(Classification, { id: cmd.classificationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found) throw classificationNotFound();
      const correctedAt = cmd.at ?? this.clock.now();
      if (correctedAt < found.classifiedAt) throw beforeClassification();
      const fromCategory = found.correctedCategory ?? found.category;
      if (fromCategory === cmd.category) throw sameCategory(cmd.category);
      found.correctedCategory = cmd.category;
      found.correctedAt = correctedAt;
      enqueue(
        em,
        createEvent(
          'ai.classification.corrected',
          { depositId: found.depositId, requestId: found.id, model: found.model, fromCategory, toCategory: cmd.category },
          { source: SERVICE, siteId: found.siteId, occurredAt: correctedAt, correlationId: found.id },
        ),
      );
      return found;
    });
    this.relay.kick();
    return toClassificationView(corrected);
  }
}
