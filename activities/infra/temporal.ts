import { readFileSync } from 'node:fs';
import type { Config } from './config';

/**
 * Connection options shared by the API's client and the worker: address, namespace, mTLS client
 * certificates or an API key, so that GovFlow runs against any Temporal cluster, not only the dev server.
 */
export function temporalConnectionOptions(cfg: Config) {
  const useTls = cfg.TEMPORAL_TLS || Boolean(cfg.TEMPORAL_TLS_CERT_PATH) || Boolean(cfg.TEMPORAL_API_KEY);
  const tls = useTls
    ? {
        serverNameOverride: cfg.TEMPORAL_TLS_SERVER_NAME,
        serverRootCACertificate: cfg.TEMPORAL_TLS_CA_PATH ? readFileSync(cfg.TEMPORAL_TLS_CA_PATH) : undefined,
        clientCertPair:
          cfg.TEMPORAL_TLS_CERT_PATH && cfg.TEMPORAL_TLS_KEY_PATH
            ? { crt: readFileSync(cfg.TEMPORAL_TLS_CERT_PATH), key: readFileSync(cfg.TEMPORAL_TLS_KEY_PATH) }
            : undefined,
      }
    : undefined;
  return { address: cfg.TEMPORAL_ADDRESS, tls, apiKey: cfg.TEMPORAL_API_KEY };
}
