import { ApiError } from './api';

const UNAVAILABLE = 'Le service est indisponible. Réessayez dans un instant.';

/** What the login page says about a failed login. */
export function loginErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return UNAVAILABLE;
  if (error.status === 401 || error.status === 400) return 'Identifiant ou mot de passe incorrect.';
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
    return `Trop de tentatives échouées. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
  }
  return UNAVAILABLE;
}

const ACTION_ERRORS: Record<string, string> = {
  'anomaly.already-resolved': 'Cette anomalie est déjà résolue.',
  'anomaly.not-found': "Cette anomalie n'existe plus.",
  'auth.forbidden': "Votre compte n'a pas le droit de faire cette action.",
  'upstream.unavailable': 'Le service des anomalies ne répond pas. Réessayez dans un instant.',
};

/** What an anomaly says when acknowledging, silencing or resolving it failed. */
export function actionErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = ACTION_ERRORS[error.code];
    if (known) return known;
    if (error.status === 0) return 'Connexion au serveur impossible. Réessayez.';
  }
  return "L'action a échoué. Réessayez.";
}
