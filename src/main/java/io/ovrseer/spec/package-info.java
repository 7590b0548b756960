/**
 * The one model of an environment declaration, behind every front end: the annotations of {@code
 * io.ovrseer.junit}, a YAML file and {@code ovrseer up --class} of {@code io.ovrseer.cli}, and the
 * builder of {@code OvrseerExtension}.
 *
 * <p>A front end turns what it reads into a {@link io.ovrseer.spec.ConfigNode} tree whose keys are
 * the annotation attributes' names, and {@link io.ovrseer.spec.SpecReader} checks it into an {@link
 * io.ovrseer.spec.EnvironmentSpec}, collecting every {@link io.ovrseer.spec.Problem} with where it
 * is. {@link io.ovrseer.spec.Assembly} turns a spec into units for one run: placeholders ({@code
 * Placeholders}) resolved with the environment's {@link io.ovrseer.spec.Ports}, services ({@link
 * io.ovrseer.spec.ServiceKind}) created. Durations have one reader, {@link
 * io.ovrseer.spec.Durations}. Depends on the core packages only, never on JUnit.
 */
package io.ovrseer.spec;
