/**
 * The supervisor's control routes (`/supervisor/…`: kill a process, change the clock) under the
 * same rule as the simulator's `/__admin`: with an admin token, every call needs
 * `Authorization: Bearer <token>`, compared in constant time. The console on the same port
 * sends it from its server side; the page never sees it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function bearerGuard(token: string) {
  const want = digest(token);
  return (req: Request, res: Response, next: NextFunction): void => {
    const auth = req.get('authorization') ?? '';
    const given = auth.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : '';
    if (given !== '' && timingSafeEqual(digest(given), want)) return next();
    res.status(401).set('www-authenticate', 'Bearer realm="prior-auth-sim supervisor"').type('application/problem+json').json({
      type: 'about:blank', title: 'Unauthorized', status: 401,
      detail: 'the supervisor\'s control routes need Authorization: Bearer <admin token> (start --admin-token)',
    });
  };
}
