import type { Provider } from '@nestjs/common';
import { ANALYSER_LIST, AnalyzeTrends } from './analyze-trends.usecase';
import { ANALYSERS, checkAnalysers } from './index';
import { RecommendationSchema } from './recommendation.entity';
import { RecommendationsController } from './recommendations.controller';
import { RECOMMENDATIONS_OPTIONS, RecommendationsScheduler, type RecommendationsOptions } from './recommendations.scheduler';

/** What the recommendations engine adds to the anomaly service. */
export const RECOMMENDATION_ENTITIES = [RecommendationSchema];
export const RECOMMENDATION_CONTROLLERS = [RecommendationsController];
export function recommendationProviders(options: RecommendationsOptions): Provider[] {
  return [
    { provide: ANALYSER_LIST, useValue: checkAnalysers(ANALYSERS) },
    { provide: RECOMMENDATIONS_OPTIONS, useValue: options },
    AnalyzeTrends,
    RecommendationsScheduler,
  ];
}
