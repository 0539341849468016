package org.transferlab.orchestrator.http;

import org.junit.jupiter.api.BeforeAll;
import org.transferlab.orchestrator.OnSharedTestLab;

/**
 * API tests whose class shares one lab ({@link OnSharedTestLab}) and calls it over HTTP with any
 * method, body, content type and token through {@link #api}.
 */
abstract class OnSharedLabApi extends OnSharedTestLab {

    ApiCalls api;

    @BeforeAll
    void connectApi() {
        api = new ApiCalls(lab.orchestrator.url());
    }
}
