package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

/**
 * Register tiles of any shape, R rows x C tokens, written as bytecode at run time so that every
 * shape is the same few lines of generator rather than a hand-unrolled copy: R x C vector
 * accumulators, C vectors of x and one of w live in registers, and each step of the k loop is
 * C + R loads feeding R C FMAs. The generated method is what javac makes of the hand-written
 * 4 x 4 tile; C2 compiles it alike (measured: the same GFLOP/s).
 *
 * <p>Every shape sums each output in the same order (lane partial sums over k, then one lane
 * reduction), so the shape changes the speed, never a result: it may be chosen per CPU.
 */
final class Tiles {
    private Tiles() {}

    /**
     * One register tile: y[yo + j n + i] (+)= w[wo + i depth ..] . x[xo + j xs ..] over
     * {@code depth} values for its R rows i and C tokens j; adds into y when {@code add}.
     * An interface rather than a method handle: with one shape loaded, C2 calls it directly.
     */
    interface Kernel {
        void tile(float[] w, int wo, int depth, float[] x, int xo, int xs, float[] y, int yo, int n, boolean add);
    }

    private static final ClassDesc FLOAT_VECTOR = ClassDesc.of("jdk.incubator.vector.FloatVector");
    private static final ClassDesc VECTOR = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc OPERATORS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc ASSOCIATIVE = ClassDesc.of("jdk.incubator.vector.VectorOperators$Associative");
    private static final ClassDesc TILES = ClassDesc.of(Tiles.class.getName());
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    private static final ClassDesc FLOATS = CD_float.arrayType();

    private static final ClassDesc KERNEL = ClassDesc.of(Kernel.class.getName());
    private static final MethodTypeDesc TILE = MethodTypeDesc.of(CD_void, FLOATS, CD_int, CD_int, FLOATS, CD_int, CD_int, FLOATS, CD_int, CD_int, CD_boolean);
    // Parameter slots of the generated method (0 is this), in Kernel.tile's order.
    private static final int W = 1, WO = 2, DEPTH = 3, X = 4, XO = 5, XS = 6, Y = 7, YO = 8, N = 9, ADD = 10;

    /** A tile's shape, R rows x C tokens, and its code. */
    record Shape(int rows, int tokens, Kernel kernel) {
        @Override
        public String toString() { return rows + "x" + tokens; }
    }

    /** The tile of {@code rows} x {@code tokens}. */
    static Shape of(int rows, int tokens) {
        String name = Tiles.class.getPackageName() + ".Tile" + rows + "x" + tokens;
        ClassDesc self = ClassDesc.of(name);
        // Its own static final species, which C2 folds to a constant as the Vector API needs for its intrinsics.
        byte[] bytes = ClassFile.of().build(self, cls -> cls
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                .withInterfaceSymbols(KERNEL)
                .withField("S", SPECIES, ClassFile.ACC_STATIC | ClassFile.ACC_FINAL | ClassFile.ACC_PRIVATE)
                .withMethodBody("<clinit>", MethodTypeDesc.of(CD_void), ClassFile.ACC_STATIC, code -> code
                        .getstatic(FLOAT_VECTOR, "SPECIES_PREFERRED", SPECIES).putstatic(self, "S", SPECIES).return_())
                .withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, code -> code
                        .aload(0).invokespecial(ConstantDescs.CD_Object, "<init>", MethodTypeDesc.of(CD_void)).return_())
                .withMethodBody("tile", TILE, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> body(code, self, rows, tokens)));
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return new Shape(rows, tokens, (Kernel) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define the " + rows + "x" + tokens + " tile", e);
        }
    }

    private static void body(CodeBuilder code, ClassDesc self, int rows, int tokens) {
        int lanes = LANES;
        // Locals after the parameters: the loop bound, the index, each row's and token's start, the accumulators, x's vectors, w's vector.
        int upper = 11, i = 12, wStart = 13, xStart = wStart + rows, acc = xStart + tokens, xv = acc + rows * tokens, wv = xv + tokens;

        // upper = depth - depth % lanes; row r starts at wo + r depth, token c at xo + c xs.
        code.iload(DEPTH).iload(DEPTH).loadConstant(lanes).irem().isub().istore(upper);
        for (int r = 0; r < rows; r++) code.iload(WO).iload(DEPTH).loadConstant(r).imul().iadd().istore(wStart + r);
        for (int c = 0; c < tokens; c++) code.iload(XO).iload(XS).loadConstant(c).imul().iadd().istore(xStart + c);
        for (int a = 0; a < rows * tokens; a++) {
            code.getstatic(self, "S", SPECIES);
            code.invokestatic(FLOAT_VECTOR, "zero", MethodTypeDesc.of(FLOAT_VECTOR, SPECIES)).astore(acc + a);
        }
        code.iconst_0().istore(i);

        Label loop = code.newLabel(), done = code.newLabel();
        code.labelBinding(loop);
        code.iload(i).iload(upper).if_icmpge(done);
        for (int c = 0; c < tokens; c++) load(code, self, X, xStart + c, i, xv + c);
        for (int r = 0; r < rows; r++) {
            load(code, self, W, wStart + r, i, wv);
            for (int c = 0; c < tokens; c++) {
                int a = acc + r * tokens + c;
                code.aload(wv).aload(xv + c).aload(a)
                        .invokevirtual(FLOAT_VECTOR, "fma", MethodTypeDesc.of(FLOAT_VECTOR, VECTOR, VECTOR)).astore(a);
            }
        }
        code.iinc(i, lanes).goto_(loop);
        code.labelBinding(done);

        // y[yo + c n + r] (+)= the accumulator's lanes summed, plus a depth tail shorter than a vector (tiny models only).
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < tokens; c++) {
                code.aload(Y).iload(YO).iload(N).loadConstant(c).imul().iadd().loadConstant(r).iadd();
                code.aload(acc + r * tokens + c).getstatic(OPERATORS, "ADD", ASSOCIATIVE)
                        .invokevirtual(FLOAT_VECTOR, "reduceLanes", MethodTypeDesc.of(CD_float, ASSOCIATIVE));
                code.aload(W).iload(wStart + r).aload(X).iload(xStart + c).iload(upper).iload(DEPTH)
                        .invokestatic(TILES, "tail", MethodTypeDesc.of(CD_float, FLOATS, CD_int, FLOATS, CD_int, CD_int, CD_int));
                code.fadd().iload(ADD)
                        .invokestatic(TILES, "store", MethodTypeDesc.of(CD_void, FLOATS, CD_int, CD_float, CD_boolean));
            }
        code.return_();
    }

    /** y[i] = v, or y[i] += v when {@code add} (a later k-pass). */
    static void store(float[] y, int i, float v, boolean add) { y[i] = add ? y[i] + v : v; }

    /** sum_i w[wo + i] x[xo + i] for from &lt;= i &lt; to, in scalar: a depth tail shorter than a vector. */
    static float tail(float[] w, int wo, float[] x, int xo, int from, int to) {
        float s = 0;
        for (int i = from; i < to; i++) s += w[wo + i] * x[xo + i];
        return s;
    }

    /** vector = FloatVector.fromArray(S, array, start + i). */
    private static void load(CodeBuilder code, ClassDesc self, int array, int start, int i, int vector) {
        code.getstatic(self, "S", SPECIES);
        code.aload(array).iload(start).iload(i).iadd()
                .invokestatic(FLOAT_VECTOR, "fromArray", MethodTypeDesc.of(FLOAT_VECTOR, SPECIES, FLOATS, CD_int)).astore(vector);
    }
}
