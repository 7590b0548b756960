// ovrseer-setsid for Linux AArch64: the same program as ovrseer-setsid-x86_64.S (see there for what
// it does and why), for ARM machines.
//
//   ovrseer-setsid PROGRAM [ARG...]
//   ovrseer-setsid --wait PROGRAM [ARG...]
//
// Built with binutils for AArch64 (Debian: binutils-aarch64-linux-gnu; the bytes are embedded in
// io.ovrseer.internal.SessionLeader, and SessionLeaderTest checks that they match this file and
// runs them under qemu-aarch64 where the machine is not ARM):
//   aarch64-linux-gnu-as -o setsid.o ovrseer-setsid-aarch64.S
//   aarch64-linux-gnu-ld -static -nostdlib -n -s --build-id=none -e _start -o ovrseer-setsid setsid.o

        .globl  _start
        .text
_start:
        mov     x8, #157                // setsid()
        svc     #0
        ldr     x19, [sp]               // argc
        cmp     x19, #2
        b.lt    usage
        add     x20, sp, #16            // &argv[1]: the program's own argv
        ldr     x21, [x20]              // argv[1]: the program
        add     x22, sp, x19, lsl #3
        add     x22, x22, #16           // envp, after argv's terminating null
        ldr     w3, [x21]               // argv[1] == "--wait"? ("--wa", "it", then its end)
        ldr     w4, wait_head
        cmp     w3, w4
        b.ne    run
        ldrh    w3, [x21, #4]
        mov     w4, #0x7469
        cmp     w3, w4
        b.ne    run
        ldrb    w3, [x21, #6]
        cbnz    w3, run
        cmp     x19, #3
        b.lt    usage
4:      mov     x0, #0                  // read(0, below the stack pointer, 1)
        sub     x1, sp, #16
        mov     x2, #1
        mov     x8, #63
        svc     #0
        cmn     x0, #4                  // EINTR: read again
        b.eq    4b
        cmp     x0, #0
        b.le    released
        add     x20, x20, #8            // the program and its argv start one further on
        ldr     x21, [x20]
run:
        mov     x0, x21
        mov     x1, x20
        mov     x2, x22
        mov     x8, #221                // execve(program, argv + 1, envp)
        svc     #0
        cmn     x0, #8                  // ENOEXEC: run it with /bin/sh, which then reads it
        b.ne    failed
        adr     x0, shell
        str     x0, [x20, #-8]          // the slot before the program becomes "/bin/sh": argv is
        sub     x1, x20, #8             // now /bin/sh PROGRAM ARG...
        mov     x2, x22
        mov     x8, #221
        svc     #0
failed:
        neg     x23, x0                 // errno
        adr     x1, prefix
        mov     x2, #prefix_length
        bl      write_error
        mov     x1, x21
        bl      string_length
        bl      write_error
        adr     x1, middle
        mov     x2, #middle_length
        bl      write_error
        sub     sp, sp, #32             // errno in decimal, written backwards, then a newline
        add     x1, sp, #31
        mov     w3, #10
        strb    w3, [x1]
        mov     x4, x23
        mov     x5, #10
1:      udiv    x6, x4, x5
        msub    x7, x6, x5, x4          // the last digit: x4 - 10 * (x4 / 10)
        add     x7, x7, #'0'
        sub     x1, x1, #1
        strb    w7, [x1]
        mov     x4, x6
        cbnz    x4, 1b
        add     x2, sp, #32
        sub     x2, x2, x1
        bl      write_error
        mov     x0, #127
        mov     x8, #94                 // exit_group(127)
        svc     #0
released:                               // standard input ended before the byte: nothing to run
        mov     x0, #0
        mov     x8, #94                 // exit_group(0)
        svc     #0
usage:
        adr     x1, usage_text
        mov     x2, #usage_length
        bl      write_error
        mov     x0, #2
        mov     x8, #94                 // exit_group(2)
        svc     #0

write_error:                            // write(2, x1, x2)
        mov     x0, #2
        mov     x8, #64
        svc     #0
        ret

string_length:                          // x2 = strlen(x1)
        mov     x2, #0
2:      ldrb    w3, [x1, x2]
        cbz     w3, 3f
        add     x2, x2, #1
        b       2b
3:      ret

        .balign 4
wait_head:
        .ascii  "--wa"
shell:  .asciz  "/bin/sh"
prefix: .ascii  "ovrseer-setsid: cannot execute "
        .set    prefix_length, . - prefix
middle: .ascii  ": errno "
        .set    middle_length, . - middle
usage_text:
        .ascii  "usage: ovrseer-setsid [--wait] PROGRAM [ARG...]\n"
        .set    usage_length, . - usage_text
