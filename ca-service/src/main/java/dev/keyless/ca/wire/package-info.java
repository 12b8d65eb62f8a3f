/**
 * The one place ca-service builds its JSON mapper and its HTTP clients ({@link Json}, {@link Http}), so that every
 * document is read as strictly and every outbound call is made with the same safeguards (no redirects followed,
 * bounded waits). A house rule (CaHouseRulesTest) refuses a mapper or client built anywhere else. Spring MVC's own
 * mapper, which reads and writes the API's bodies, is Spring Boot's.
 */
package dev.keyless.ca.wire;
