package dev.oauthrouter.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered to the client in the OpenAI envelope
 * {@code {"error":{"message","type","param","code"}}}.
 *
 * <p>Every failure that reaches a client goes through this type, so the envelope is rendered in one
 * place ({@link #body()}). Messages must never contain secrets.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /**
     * Creates an error.
     *
     * @param status  HTTP status
     * @param type    OpenAI error type, e.g. {@code invalid_request_error}
     * @param code    machine code or {@code null}
     * @param param   offending request field or {@code null}
     * @param message human message saying what to do
     */
    public ApiException(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** Returns a 400 {@code invalid_request_error} naming the field. */
    public static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", "invalid_value", param, message);
    }

    /** Returns a 401 {@code authentication_error}. */
    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, "authentication_error", code, null, message);
    }

    /** Returns a 403 {@code permission_error}. */
    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, "permission_error", code, null, message);
    }

    /** Returns a 404 {@code not_found_error}. */
    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found_error", "not_found", null, message);
    }

    /** Returns a 502 {@code api_error} about the upstream. */
    public static ApiException upstream(String code, String message) {
        return new ApiException(502, "api_error", code, null, message);
    }

    /** Returns a 503 {@code api_error}, e.g. while the database is unavailable. */
    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, "api_error", code, null, message);
    }

    /** Adds a response header sent with this error (e.g. Retry-After). */
    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the OpenAI error type. */
    public String type() {
        return type;
    }

    /** Returns the machine code, if any. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** Returns the offending parameter, if any. */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** Returns extra headers to send. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Returns the error as the OpenAI envelope tree. */
    public ObjectNode envelope() {
        return envelope(getMessage(), type, param, code);
    }

    /** Returns the error as envelope JSON bytes. */
    public byte[] body() {
        return Json.bytes(envelope());
    }

    /** Builds an envelope tree; null param and code are written as JSON null. */
    public static ObjectNode envelope(String message, String type, String param, String code) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }
}
