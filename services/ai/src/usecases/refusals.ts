import { DomainError } from '@vigie/health';

export const classificationNotFound = (): DomainError =>
  new DomainError('ai.classification-not-found', 'no such classification', 404);

export const sameCategory = (category: string): DomainError =>
  new DomainError('ai.same-category', `the classification is already ${category}`, 409);

export const beforeClassification = (): DomainError =>
  new DomainError('ai.before-classification', 'a correction cannot happen before the classification it corrects', 422);
