import type { ModalConnection } from './modalClient';
import { createModalClient } from './modalClient';
import { toModalError } from './modalErrors';

/** One cheap authenticated call (look up, or create, the app runs go into); throws a typed error. */
export async function verifyModalCredentials(conn: ModalConnection): Promise<void> {
  const client = await createModalClient(conn);
  try {
    await client.apps.fromName(conn.appName, { createIfMissing: true, ...(conn.environment ? { environment: conn.environment } : {}) });
  } catch (err) {
    throw toModalError(err, 'checking the Modal token');
  } finally {
    client.close();
  }
}
