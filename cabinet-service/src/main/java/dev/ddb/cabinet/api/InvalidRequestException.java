package dev.ddb.cabinet.api;

/** A request body that parsed but asks for something this service does not do; answered with HTTP 400. */
class InvalidRequestException extends RuntimeException {

    private final String code;

    InvalidRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
