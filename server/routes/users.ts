import type { AppContext } from '../context';
import { createUser, createUserBody, getUser, listUsers, resetPassword, resetPasswordBody, updateUser, updateUserBody, USER_SORTABLE } from '../services/userService';
import { rid, listRoute, route, user, type RouteDef } from './route';

/** Accounts (账号管理): administrators only, within the subtree they oversee. */
export function userRoutes(ctx: AppContext): RouteDef[] {
  return [
    listRoute('/users', 'admin', USER_SORTABLE, ['login', 'ASC'], (req, q) => listUsers(ctx, user(req), q)),
    route('get', '/users/:id', 'admin', async (req) => getUser(ctx, user(req), String(req.params.id))),
    route('post', '/users', 'admin', async (req, res, { body }) => {
      const out = await createUser(ctx, user(req), body, rid(req));
      res.status(201);
      return out;
    }, { body: createUserBody }),
    route('put', '/users/:id', 'admin', async (req, _res, { body }) => updateUser(ctx, user(req), String(req.params.id), body, rid(req)), { body: updateUserBody }),
    route('post', '/users/:id/reset-password', 'admin', async (req, _res, { body }) => resetPassword(ctx, user(req), String(req.params.id), body, rid(req)), { body: resetPasswordBody }),
  ];
}
