/** One validation problem reported by the server for a request field. */
export interface FieldIssue {
  path: string;
  message: string;
}

interface ErrorBody {
  statusCode?: number;
  error?: string;
  message?: string | string[];
  issues?: FieldIssue[];
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null;
}

/** An API call that did not succeed, carrying the server's message and field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];
  /** Seconds to wait before retrying, from the Retry-After header (429 responses). */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    message: string,
    options: {
      code?: string;
      issues?: FieldIssue[];
      retryAfter?: number | null;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = options.code ?? '';
    this.issues = options.issues ?? [];
    this.retryAfter = options.retryAfter ?? null;
  }

  static fromResponse(response: Response, body: unknown): ApiError {
    const parsed = isErrorBody(body) ? body : {};
    const raw = parsed.message;
    const message =
      (Array.isArray(raw) ? raw.join('; ') : raw) ||
      (typeof body === 'string' && body.length < 300 ? body : '') ||
      response.statusText ||
      `Request failed with status ${response.status}`;
    const retryHeader = response.headers.get('Retry-After');
    const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : null;
    return new ApiError(response.status, message, {
      code: parsed.error,
      issues: Array.isArray(parsed.issues) ? parsed.issues : [],
      retryAfter,
    });
  }
}

/** A human-readable message for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Cannot reach the Argus server. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The form field an issue path refers to: "body.pullUrl" and "/pullUrl" both give "pullUrl". */
export function issueField(path: string): string {
  const parts = path.split(/[./[\]]/).filter((p) => p !== '' && p !== 'body');
  return parts[0] ?? '';
}

/** Field issues of an error, keyed by top-level field name (first message wins). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const issue of error.issues) {
    const field = issueField(issue.path);
    if (field && !(field in out)) out[field] = issue.message;
  }
  return out;
}

/** Issues that do not belong to any of the given fields, for display in a banner. */
export function otherIssues(error: unknown, knownFields: readonly string[]): FieldIssue[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues.filter((issue) => !knownFields.includes(issueField(issue.path)));
}
