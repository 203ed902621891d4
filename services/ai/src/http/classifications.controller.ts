import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ZodBody, ZodParam } from '@vigie/health';
import type { z } from 'zod';
import type { ClassificationView } from '../usecases/classification.view';
import { ClassifyDeposit } from '../usecases/classify-deposit/classify-deposit.usecase';
import { CorrectClassification } from '../usecases/correct-classification/correct-classification.usecase';
import { GetClassification } from '../usecases/get-classification/get-classification.usecase';
import { ClassificationId, ClassifyBody, CorrectionBody } from './classifications.dto';

@Controller('classifications')
export class ClassificationsController {
  constructor(
    private readonly classifyDeposit: ClassifyDeposit,
    private readonly correctClassification: CorrectClassification,
    private readonly getClassification: GetClassification,
  ) {}

  @Post()
  classify(@ZodBody(ClassifyBody) body: z.infer<typeof ClassifyBody>): Promise<ClassificationView> {
    return this.classifyDeposit.execute(body);
  }

  @Post(':id/corrections')
  @HttpCode(200)
  correct(
    @ZodParam('id', ClassificationId) classificationId: string,
    @ZodBody(CorrectionBody) body: z.infer<typeof CorrectionBody>,
  ): Promise<ClassificationView> {
    return this.correctClassification.execute({ classificationId, ...body });
  }

  @Get(':id')
  get(@ZodParam('id', ClassificationId) classificationId: string): Promise<ClassificationView> {
    return this.getClassification.execute(classificationId);
  }
}
