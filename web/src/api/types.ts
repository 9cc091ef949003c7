// Domain types derived from the generated OpenAPI paths, so they follow the
// server's contract without depending on how its component schemas are named.
import type { paths } from './schema';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** JSON body of the response `Status` for `Method` on `Path`. */
export type ResponseBody<
  Path extends keyof paths,
  M extends Method & keyof paths[Path],
  Status extends number = 200,
> = paths[Path][M] extends { responses: infer R } ? (Status extends keyof R ? JsonOf<R[Status]> : never) : never;

/** JSON request body for `Method` on `Path`. */
export type RequestBody<Path extends keyof paths, M extends Method & keyof paths[Path]> = paths[Path][M] extends { requestBody?: infer B }
  ? JsonOf<NonNullable<B>>
  : never;

/** Query parameters for `Method` on `Path`. */
export type QueryParams<Path extends keyof paths, M extends Method & keyof paths[Path]> = paths[Path][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

export type AuthResponse = ResponseBody<'/api/auth/login', 'post'>;
export type User = ResponseBody<'/api/users/{id}', 'get'>;
export type Me = ResponseBody<'/api/auth/me', 'get'>;
export type Permission = Me['permissions'][number];
export type Role = User['role'];
export type UpdateMeBody = RequestBody<'/api/auth/me', 'patch'>;

export type Dashboard = ResponseBody<'/api/dashboard', 'get'>;
export type Health = ResponseBody<'/api/health', 'get'>;

export type Camera = ResponseBody<'/api/cameras/{id}', 'get'>;
export type CameraStatus = Camera['status'];
export type SourceType = Camera['sourceType'];
export type LiveProfile = Camera['liveProfile'];
export type CameraList = ResponseBody<'/api/cameras', 'get'>;
export type CameraListQuery = QueryParams<'/api/cameras', 'get'>;
export type CreateCameraBody = RequestBody<'/api/cameras', 'post'>;
export type UpdateCameraBody = RequestBody<'/api/cameras/{id}', 'patch'>;
export type CameraWithKey = ResponseBody<'/api/cameras', 'post', 201>;

export type UserList = ResponseBody<'/api/users', 'get'>;
export type UserListQuery = QueryParams<'/api/users', 'get'>;
export type CreateUserBody = RequestBody<'/api/users', 'post'>;
export type UpdateUserBody = RequestBody<'/api/users/{id}', 'patch'>;

export type ApiToken = ResponseBody<'/api/tokens', 'get'>['items'][number];
export type CreateTokenBody = RequestBody<'/api/tokens', 'post'>;
export type CreatedToken = ResponseBody<'/api/tokens', 'post', 201>;

export type AuditEntry = ResponseBody<'/api/audit', 'get'>['items'][number];
export type AuditOutcome = AuditEntry['outcome'];
export type AuditList = ResponseBody<'/api/audit', 'get'>;
export type AuditQuery = QueryParams<'/api/audit', 'get'>;
