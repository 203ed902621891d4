import { businessTime } from '@vigie/health';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createEvent, uuidv7 } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { GuardedClassifier } from '../../classifier/guarded-classifier';
import { Clock } from '../../clock';
import { SERVICE } from '../../config';
import { Classification } from '../../entities/classification.entity';
import type { PhotoMeta } from '../../providers/provider';
import { toClassificationView, type ClassificationView } from '../classification.view';

export interface ClassifyDepositCommand {
  depositId: string;
  siteId: string;
  /** Free text from a volunteer: sent to the provider, never stored nor logged. */
  description: string;
  photo?: PhotoMeta;
  /** When the deposit was classified, if not now (a site that was offline sends its deposits later). */
  at?: Date;
}

@Injectable()
export class ClassifyDeposit {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly classifier: GuardedClassifier,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: ClassifyDepositCommand): Promise<ClassificationView> {
    // Checked before the provider is called: a refused request costs no classification.
    businessTime(cmd.at, this.clock.now());
    const { answer, fallback, failure, latencyMs } = await this.classifier.classify({
      description: cmd.description,
      ...(cmd.photo ? { photo: cmd.photo } : {}),
    });
    const answeredAt = this.clock.now();
    const classifiedAt = cmd.at ?? answeredAt;
    // A provider failure keeps its place before the answer when the classification is dated by the client.
    const shiftMs = classifiedAt.getTime() - answeredAt.getTime();
    const id = uuidv7(classifiedAt.getTime());
    const meta = { source: SERVICE, siteId: cmd.siteId, correlationId: id };
    const saved = await this.orm.em.fork().transactional(async (em) => {
      const created = em.create(Classification, {
        id,
        depositId: cmd.depositId,
        siteId: cmd.siteId,
        model: answer.model,
        category: answer.category,
        confidence: answer.confidence,
        alternatives: answer.alternatives,
        latencyMs,
        fallback,
        failedModel: failure?.model ?? null,
        failureCode: failure?.code ?? null,
        classifiedAt,
      });
      if (failure) {
        enqueue(
          em,
          createEvent(
            'ai.classification.failed',
            {
              depositId: cmd.depositId,
              requestId: id,
              model: failure.model,
              latencyMs: failure.latencyMs,
              error: { code: failure.code, message: failure.message },
            },
            { ...meta, occurredAt: new Date(failure.at.getTime() + shiftMs) },
          ),
        );
      }
      enqueue(
        em,
        createEvent(
          'ai.classification.completed',
          {
            depositId: cmd.depositId,
            requestId: id,
            model: answer.model,
            category: answer.category,
            confidence: answer.confidence,
            latencyMs,
            ...(answer.alternatives.length > 0 ? { alternatives: answer.alternatives } : {}),
          },
          { ...meta, occurredAt: classifiedAt },
        ),
      );
      return created;
    });
    this.relay.kick();
    return toClassificationView(saved);
  }
}
