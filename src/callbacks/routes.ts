import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../app.ts';

export const callbackRoutes: FastifyPluginAsyncZod<AppContext> = async () => {};
