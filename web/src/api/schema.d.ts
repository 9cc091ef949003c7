/**
 * PROVISIONAL — hand-written in the shape openapi-typescript emits, from the API
 * contract, until the server publishes docs/openapi.json. Regenerate with
 * `npm run gen:api -w web` and delete this notice.
 */

type NoParams = {
    query?: never;
    header?: never;
    path?: never;
    cookie?: never;
};

type Json<T> = {
    headers: {
        [name: string]: unknown;
    };
    content: {
        "application/json": T;
    };
};

type NoContent = {
    headers: {
        [name: string]: unknown;
    };
    content?: never;
};

type Err = Json<components["schemas"]["ErrorResponse"]>;

type IdPath = {
    query?: never;
    header?: never;
    path: {
        id: string;
    };
    cookie?: never;
};

export interface paths {
    "/api/health": {
        parameters: NoParams;
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: NoParams;
        get?: never;
        put?: never;
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: NoParams;
        get?: never;
        put?: never;
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: NoParams;
        get?: never;
        put?: never;
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: NoParams;
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["updateMe"];
        trace?: never;
    };
    "/api/dashboard": {
        parameters: NoParams;
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras": {
        parameters: NoParams;
        get: operations["listCameras"];
        put?: never;
        post: operations["createCamera"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}": {
        parameters: NoParams;
        get: operations["getCamera"];
        put?: never;
        post?: never;
        delete: operations["deleteCamera"];
        options?: never;
        head?: never;
        patch: operations["updateCamera"];
        trace?: never;
    };
    "/api/cameras/{id}/rotate-key": {
        parameters: NoParams;
        get?: never;
        put?: never;
        post: operations["rotateCameraKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: NoParams;
        get: operations["listUsers"];
        put?: never;
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: NoParams;
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/tokens": {
        parameters: NoParams;
        get: operations["listTokens"];
        put?: never;
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{id}": {
        parameters: NoParams;
        get?: never;
        put?: never;
        post?: never;
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: NoParams;
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ErrorResponse: {
            statusCode: number;
            error: string;
            message: string;
            issues?: {
                path: string;
                message: string;
            }[];
        };
        Role: "admin" | "operator" | "viewer";
        Permission:
            | "dashboard:read"
            | "cameras:read"
            | "cameras:write"
            | "tokens:manage"
            | "audit:read"
            | "users:read"
            | "users:write"
            | "tokens:admin";
        User: {
            id: string;
            email: string;
            name: string;
            role: components["schemas"]["Role"];
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            lastLoginAt: string | null;
        };
        Me: components["schemas"]["User"] & {
            permissions: components["schemas"]["Permission"][];
        };
        LoginRequest: {
            email: string;
            password: string;
        };
        AuthResponse: {
            accessToken: string;
            /** @description Access token lifetime in seconds */
            expiresIn: number;
            user: components["schemas"]["User"];
        };
        UpdateMeRequest: {
            name?: string;
            currentPassword?: string;
            newPassword?: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            version: string;
            uptimeSeconds: number;
        };
        CameraStatus: "offline" | "starting" | "online" | "degraded" | "error";
        Rendition: {
            height: number;
            videoKbps: number;
            audioKbps: number;
        };
        LiveProfile:
            | {
                  /** @enum {string} */
                  type: "copy";
              }
            | {
                  /** @enum {string} */
                  type: "abr";
                  sourceCopy: boolean;
                  renditions: components["schemas"]["Rendition"][];
              };
        Camera: {
            id: string;
            name: string;
            description: string;
            location: string;
            /** @enum {string} */
            sourceType: "push" | "pull";
            pullUrl: string | null;
            enabled: boolean;
            recordingEnabled: boolean;
            retentionDays: number;
            liveProfile: components["schemas"]["LiveProfile"];
            status: components["schemas"]["CameraStatus"];
            statusReason: string | null;
            streamKeyPrefix: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CameraList: {
            items: components["schemas"]["Camera"][];
            total: number;
            limit: number;
            offset: number;
        };
        CreateCameraRequest: {
            name: string;
            description?: string;
            location?: string;
            /** @enum {string} */
            sourceType: "push" | "pull";
            pullUrl?: string;
            enabled?: boolean;
            recordingEnabled?: boolean;
            retentionDays?: number;
            liveProfile?: components["schemas"]["LiveProfile"];
        };
        UpdateCameraRequest: {
            name?: string;
            description?: string;
            location?: string;
            pullUrl?: string;
            enabled?: boolean;
            recordingEnabled?: boolean;
            retentionDays?: number;
            liveProfile?: components["schemas"]["LiveProfile"];
        };
        CameraWithKey: {
            camera: components["schemas"]["Camera"];
            streamKey: string | null;
            publishUrl: string | null;
        };
        UserList: {
            items: components["schemas"]["User"][];
            total: number;
            limit: number;
            offset: number;
        };
        CreateUserRequest: {
            /** Format: email */
            email: string;
            name: string;
            password: string;
            role: components["schemas"]["Role"];
        };
        UpdateUserRequest: {
            name?: string;
            email?: string;
            role?: components["schemas"]["Role"];
            password?: string;
            disabled?: boolean;
        };
        ApiToken: {
            id: string;
            name: string;
            prefix: string;
            scopes: components["schemas"]["Permission"][];
            /** Format: date-time */
            expiresAt: string | null;
            ipAllowlist: string[];
            /** Format: date-time */
            lastUsedAt: string | null;
            lastUsedIp: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            revokedAt: string | null;
            userId: string;
            userEmail: string;
        };
        TokenList: {
            items: components["schemas"]["ApiToken"][];
        };
        CreateTokenRequest: {
            name: string;
            scopes: components["schemas"]["Permission"][];
            expiresInDays?: number | null;
            ipAllowlist?: string[];
        };
        CreatedToken: {
            token: components["schemas"]["ApiToken"];
            secret: string;
        };
        AuditEntry: {
            id: string;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            actorType: "user" | "token" | "system" | "anonymous";
            actorId: string | null;
            actorLabel: string | null;
            action: string;
            targetType: string | null;
            targetId: string | null;
            ip: string | null;
            /** @enum {string} */
            outcome: "success" | "failure" | "denied";
            statusCode: number | null;
            details: {
                [key: string]: unknown;
            } | null;
        };
        AuditList: {
            items: components["schemas"]["AuditEntry"][];
            total: number;
            limit: number;
            offset: number;
        };
        Dashboard: {
            cameras: {
                total: number;
                enabled: number;
                byStatus: {
                    offline: number;
                    starting: number;
                    online: number;
                    degraded: number;
                    error: number;
                };
            };
            users: {
                total: number;
                byRole: {
                    admin: number;
                    operator: number;
                    viewer: number;
                };
            } | null;
            tokens: {
                active: number;
            };
            recentAudit: components["schemas"]["AuditEntry"][] | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: NoParams;
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["Health"]>;
        };
    };
    login: {
        parameters: NoParams;
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: Json<components["schemas"]["AuthResponse"]>;
            400: Err;
            401: Err;
            429: Err;
        };
    };
    refresh: {
        parameters: NoParams;
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["AuthResponse"]>;
            401: Err;
        };
    };
    logout: {
        parameters: NoParams;
        requestBody?: never;
        responses: {
            204: NoContent;
        };
    };
    getMe: {
        parameters: NoParams;
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["Me"]>;
            401: Err;
        };
    };
    updateMe: {
        parameters: NoParams;
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMeRequest"];
            };
        };
        responses: {
            200: Json<components["schemas"]["User"]>;
            400: Err;
            401: Err;
        };
    };
    getDashboard: {
        parameters: NoParams;
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["Dashboard"]>;
            401: Err;
            403: Err;
        };
    };
    listCameras: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                name?: string;
                status?: components["schemas"]["CameraStatus"];
                enabled?: "true" | "false";
                sourceType?: "push" | "pull";
                sort?: "name" | "-name" | "createdAt" | "-createdAt" | "status" | "-status";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["CameraList"]>;
            400: Err;
            401: Err;
            403: Err;
        };
    };
    createCamera: {
        parameters: NoParams;
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCameraRequest"];
            };
        };
        responses: {
            201: Json<components["schemas"]["CameraWithKey"]>;
            400: Err;
            401: Err;
            403: Err;
            409: Err;
        };
    };
    getCamera: {
        parameters: IdPath;
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["Camera"]>;
            401: Err;
            403: Err;
            404: Err;
        };
    };
    updateCamera: {
        parameters: IdPath;
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCameraRequest"];
            };
        };
        responses: {
            200: Json<components["schemas"]["Camera"]>;
            400: Err;
            401: Err;
            403: Err;
            404: Err;
        };
    };
    deleteCamera: {
        parameters: IdPath;
        requestBody?: never;
        responses: {
            204: NoContent;
            401: Err;
            403: Err;
            404: Err;
        };
    };
    rotateCameraKey: {
        parameters: IdPath;
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["CameraWithKey"]>;
            400: Err;
            401: Err;
            403: Err;
            404: Err;
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                q?: string;
                role?: components["schemas"]["Role"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["UserList"]>;
            401: Err;
            403: Err;
        };
    };
    createUser: {
        parameters: NoParams;
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserRequest"];
            };
        };
        responses: {
            201: Json<components["schemas"]["User"]>;
            400: Err;
            401: Err;
            403: Err;
            409: Err;
        };
    };
    getUser: {
        parameters: IdPath;
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["User"]>;
            401: Err;
            403: Err;
            404: Err;
        };
    };
    updateUser: {
        parameters: IdPath;
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserRequest"];
            };
        };
        responses: {
            200: Json<components["schemas"]["User"]>;
            400: Err;
            401: Err;
            403: Err;
            404: Err;
            409: Err;
        };
    };
    deleteUser: {
        parameters: IdPath;
        requestBody?: never;
        responses: {
            204: NoContent;
            401: Err;
            403: Err;
            404: Err;
        };
    };
    listTokens: {
        parameters: {
            query?: {
                all?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["TokenList"]>;
            401: Err;
            403: Err;
        };
    };
    createToken: {
        parameters: NoParams;
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTokenRequest"];
            };
        };
        responses: {
            201: Json<components["schemas"]["CreatedToken"]>;
            400: Err;
            401: Err;
            403: Err;
        };
    };
    revokeToken: {
        parameters: IdPath;
        requestBody?: never;
        responses: {
            204: NoContent;
            401: Err;
            403: Err;
            404: Err;
        };
    };
    listAudit: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                actor?: string;
                action?: string;
                target?: string;
                outcome?: "success" | "failure" | "denied";
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: Json<components["schemas"]["AuditList"]>;
            400: Err;
            401: Err;
            403: Err;
        };
    };
}
