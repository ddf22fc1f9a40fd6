/** The program the playground starts with. */
export const EXAMPLE = `; Fibonacci. Click a line number (or F9) for a breakpoint; F5 runs.
.const N 10

.data
result: .zero 4

.text
main:
    push N
    call fib                ; the argument is replaced by the result
    dup
    push result
    swap
    st32 0                  ; result := fib(N)  (watch 4 bytes at result)
    ncall io.print_int
    ncall io.newline
    push 0
    halt

fib:
    enter 1, 0              ; local 0 = n
    lget 0
    push 2
    lts
    jz recurse
    lget 0
    ret 1
recurse:
    lget 0
    addi -1
    call fib
    lget 0
    addi -2
    call fib
    add
    ret 1
`;
