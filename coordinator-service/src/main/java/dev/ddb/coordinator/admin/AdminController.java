package dev.ddb.coordinator.admin;

import org.springframework.context.annotation.Lazy;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /admin/clear-data}. */
@RestController
@Lazy
class AdminController {

    private final ClearData clearData;

    AdminController(ClearData clearData) {
        this.clearData = clearData;
    }

    @PostMapping("/admin/clear-data")
    ClearDataResult clearData() {
        return clearData.clear();
    }
}
