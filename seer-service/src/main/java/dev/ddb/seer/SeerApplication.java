package dev.ddb.seer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SeerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SeerApplication.class, args);
    }
}
