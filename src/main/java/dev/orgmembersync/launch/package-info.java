/**
 * The jar's entry point, before Spring Boot's launcher: runs the job in a JVM with a class-data-sharing archive
 * from a cache directory (made on the first run). Only the JDK and Spring Boot's launcher are used here.
 */
package dev.orgmembersync.launch;
