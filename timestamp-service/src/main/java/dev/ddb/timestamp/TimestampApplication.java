package dev.ddb.timestamp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TimestampApplication {

    public static void main(String[] args) {
        SpringApplication.run(TimestampApplication.class, args);
    }
}
