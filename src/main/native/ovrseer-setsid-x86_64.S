# ovrseer-setsid for Linux x86-64: makes itself the leader of a new session, then executes its
# arguments in its place, as util-linux's setsid does, but without a C library, so that it costs a
# spawn almost nothing (a dynamically linked setsid costs about 0.4 ms more per process to start).
#
#   ovrseer-setsid PROGRAM [ARG...]
#   ovrseer-setsid --wait PROGRAM [ARG...]
#
# With --wait it first reads one byte from its standard input, and executes PROGRAM only once that
# byte came: Ovrseer spawns a process ahead of time this way (the spawn's cost, and the new session's,
# are paid while other processes start) and releases it later with one write. The byte is the only
# input it consumes: the rest of standard input is PROGRAM's. When standard input ends first (the
# process was discarded, or the JVM died), it exits with 0 without executing anything.
# PROGRAM is a path (no PATH search: Ovrseer resolves it first). A file without #! that the kernel
# refuses (ENOEXEC) is run by /bin/sh, as execvp() does. When PROGRAM cannot be executed it prints
# "ovrseer-setsid: cannot execute PROGRAM: errno N" on stderr and exits with 127. setsid() fails
# only for a process group leader, which a freshly spawned child is not; it then goes on without a
# new session.
#
# Built with binutils (the bytes are embedded in io.ovrseer.internal.SessionLeader; the test
# SessionLeaderTest checks that they match this file):
#   as --64 -o setsid.o ovrseer-setsid-x86_64.S
#   ld -static -nostdlib -n -s --build-id=none -e _start -o ovrseer-setsid setsid.o

        .globl  _start
        .text
_start:
        mov     $112, %eax              # setsid()
        syscall
        mov     (%rsp), %rbx            # argc
        cmp     $2, %rbx
        jl      usage
        lea     16(%rsp), %r12          # &argv[1]: the program's own argv
        mov     (%r12), %r13            # argv[1]: the program
        lea     16(%rsp,%rbx,8), %r14   # envp, after argv's terminating null
        cmpl    $0x61772d2d, (%r13)     # argv[1] == "--wait"? ("--wa", "it", then its end)
        jne     run
        cmpw    $0x7469, 4(%r13)
        jne     run
        cmpb    $0, 6(%r13)
        jne     run
        cmp     $3, %rbx
        jl      usage
4:      xor     %edi, %edi              # read(0, the red zone, 1)
        lea     -8(%rsp), %rsi
        mov     $1, %edx
        xor     %eax, %eax
        syscall
        cmp     $-4, %rax               # EINTR: read again
        je      4b
        test    %rax, %rax
        jle     released
        add     $8, %r12                # the program and its argv start one further on
        mov     (%r12), %r13
run:
        mov     %r13, %rdi
        mov     %r12, %rsi
        mov     %r14, %rdx
        mov     $59, %eax               # execve(program, argv + 1, envp)
        syscall
        cmp     $-8, %rax               # ENOEXEC: run it with /bin/sh, which then reads it
        jne     failed
        lea     shell(%rip), %rdi
        mov     %rdi, -8(%r12)          # the slot before the program becomes "/bin/sh": argv is now
        lea     -8(%r12), %rsi          # /bin/sh PROGRAM ARG...
        mov     %r14, %rdx
        mov     $59, %eax
        syscall
failed:
        neg     %rax
        mov     %rax, %r15              # errno
        lea     prefix(%rip), %rsi
        mov     $prefix_length, %edx
        call    write_error
        mov     %r13, %rsi
        call    string_length
        call    write_error
        lea     middle(%rip), %rsi
        mov     $middle_length, %edx
        call    write_error
        sub     $32, %rsp               # errno in decimal, written backwards, then a newline
        lea     31(%rsp), %rsi
        movb    $10, (%rsi)
        mov     %r15, %rax
        mov     $10, %ecx
1:      xor     %edx, %edx
        div     %rcx
        add     $'0', %dl
        dec     %rsi
        mov     %dl, (%rsi)
        test    %rax, %rax
        jnz     1b
        lea     32(%rsp), %rdx
        sub     %rsi, %rdx
        call    write_error
        mov     $127, %edi
        mov     $231, %eax              # exit_group(127)
        syscall
released:                               # standard input ended before the byte: nothing to run
        xor     %edi, %edi
        mov     $231, %eax              # exit_group(0)
        syscall
usage:
        lea     usage_text(%rip), %rsi
        mov     $usage_length, %edx
        call    write_error
        mov     $2, %edi
        mov     $231, %eax              # exit_group(2)
        syscall

write_error:                            # write(2, %rsi, %rdx)
        mov     $2, %edi
        mov     $1, %eax
        syscall
        ret

string_length:                          # %rdx = strlen(%rsi)
        xor     %edx, %edx
2:      cmpb    $0, (%rsi,%rdx)
        je      3f
        inc     %rdx
        jmp     2b
3:      ret

shell:  .asciz  "/bin/sh"
prefix: .ascii  "ovrseer-setsid: cannot execute "
        .set    prefix_length, . - prefix
middle: .ascii  ": errno "
        .set    middle_length, . - middle
usage_text:
        .ascii  "usage: ovrseer-setsid [--wait] PROGRAM [ARG...]\n"
        .set    usage_length, . - usage_text
