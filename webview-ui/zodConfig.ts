/**
 * Imported first by main.ts, before any schema is built: zod would otherwise probe `new Function`
 * (blocked by the panel's CSP, which reports a violation). Validation runs without JIT instead.
 */
import * as z from 'zod';

z.config({ jitless: true });
