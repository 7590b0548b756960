package com.example.notes;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated class only when {@code redis-server} and PostgreSQL's {@code initdb} and
 * {@code postgres} are installed; otherwise skips it, saying what is missing. See {@link
 * NativeServersCondition}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NativeServersCondition.class)
public @interface EnabledIfNativeServers {}
