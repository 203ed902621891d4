import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Classification } from '../../entities/classification.entity';
import { toClassificationView, type ClassificationView } from '../classification.view';
import { classificationNotFound } from '../refusals';

@Injectable()
export class GetClassification {
  constructor(private readonly orm: MikroORM) {}

  async execute(classificationId: string): Promise<ClassificationView> {
    const found = await this.orm.em.fork().findOne(Classification, { id: classificationId });
    if (!found) throw classificationNotFound();
    return toClassificationView(found);
  }
}
