
package sc.fiji.cenet.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.io.Npy;
import sc.fiji.cenet.io.Sha256;
import sc.fiji.cenet.model.StateDict;

/**
 * Checks a BioImage.IO model package as a consumer would see it; every method
 * returns the problems found, empty when there are none.
 * <ul>
 * <li>{@link #schema}: rdf.yaml against the spec's JSON schema (model
 * 0.5);</li>
 * <li>{@link #files}: every file rdf.yaml names is in the zip with its
 * sha256;</li>
 * <li>{@link #savedModel}: the SavedModel loads in a fresh session, its
 * {@code serving_default} keys are the rdf's tensor ids, and the test input,
 * preprocessed as rdf.yaml says, gives the test output.</li>
 * </ul>
 */
public final class PackageCheck {

	static final String SCHEMA = "/bioimageio/bioimageio_schema.json";
	static final String MODEL_DEF = "bioimageio__spec__model__v0_5__ModelDescr";

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
	private static final ObjectMapper JSON = new ObjectMapper();
	private static JsonSchema schema;

	private PackageCheck() {}

	/** All checks. */
	public static List<String> all(Path zip, double tolerance)
		throws IOException
	{
		List<String> problems = new ArrayList<>();
		JsonNode rdf = rdf(zip);
		problems.addAll(schema(rdf));
		problems.addAll(jdll(rdf));
		problems.addAll(specRules(zip, rdf));
		problems.addAll(files(zip, rdf));
		problems.addAll(savedModel(zip, rdf, tolerance));
		return problems;
	}

	public static JsonNode rdf(Path zip) throws IOException {
		try (ZipFile z = new ZipFile(zip.toFile())) {
			ZipEntry e = z.getEntry(BioImageIoExport.RDF);
			if (e == null) throw new IOException(zip + " has no " +
				BioImageIoExport.RDF);
			try (InputStream in = z.getInputStream(e)) {
				return YAML.readTree(in);
			}
		}
	}

	/** Schema errors of an rdf, validated as a model 0.5 description. */
	public static List<String> schema(JsonNode rdf) {
		List<String> problems = new ArrayList<>();
		for (ValidationMessage m : modelSchema().validate(rdf))
			problems.add("schema: " + m.getMessage());
		return problems;
	}

	private static synchronized JsonSchema modelSchema() {
		if (schema == null) {
			try (InputStream in = PackageCheck.class.getResourceAsStream(SCHEMA)) {
				JsonNode root = JSON.readTree(in);
				ObjectNode wrapper = JSON.createObjectNode();
				wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
				wrapper.set("$defs", root.get("$defs"));
				wrapper.put("$ref", "#/$defs/" + MODEL_DEF);
				schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
					.getSchema(wrapper);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return schema;
	}

	/**
	 * What deepImageJ's engine JDLL needs beyond the schema (read from its
	 * ModelDescriptorFactory, ModelDescriptorV05, TensorSpecV05, AxisV05,
	 * TfWeights and TransformationInstance at bioimage-io/JDLL 98d3be21), each a
	 * crash or a wrong run there: format_version a string "0.5..."; name; an id
	 * or config.bioimageio.nickname (else "this.modelID is null"); weights,
	 * inputs and outputs present; every tensor with an id; every axis with a
	 * type, space axes with id y or x, channel axes with channel_names; test
	 * tensors as {source}; data a map of a supported type; TensorFlow weights
	 * with source and a string tensorflow_version; pre- and postprocessing only
	 * of the ids JDLL implements, scale_linear with scalar gain and offset, no
	 * batch in axes; config.deepimagej, if any, with allow_tiling (JDLL turns
	 * tiling off without it).
	 */
	public static List<String> jdll(JsonNode rdf) {
		List<String> p = new ArrayList<>();
		if (!rdf.path("format_version").isTextual() || !rdf.path("format_version")
			.asText().startsWith("0.5")) p.add(
				"jdll: format_version must be a string 0.5...");
		if (!rdf.path("name").isTextual()) p.add("jdll: name must be a string");
		boolean id = rdf.path("id").isTextual(), nickname = rdf.path("config").path(
			"bioimageio").path("nickname").isTextual();
		if (!id && !nickname) p.add(
			"jdll: needs id or config.bioimageio.nickname (ModelDescriptorV05:52)");
		if (nickname && !rdf.path("config").path("bioimageio").path("nickname")
			.asText().matches("[a-z0-9][a-z0-9_.-]*")) p.add(
				"jdll: nickname must be lower-case letters, digits, _ . - (the zoo's resource ids)");
		if (!rdf.path("weights").isObject()) p.add("jdll: weights must be a map");
		JsonNode tf = rdf.path("weights").path("tensorflow_saved_model_bundle");
		if (!tf.path("source").isTextual()) p.add(
			"jdll: tensorflow_saved_model_bundle needs a source");
		if (!tf.path("tensorflow_version").isTextual()) p.add(
			"jdll: tensorflow_version must be a string");
		java.util.Set<String> inputIds = new java.util.HashSet<>();
		for (String side : new String[] { "inputs", "outputs" }) {
			if (!rdf.path(side).isArray() || rdf.path(side).size() == 0) p.add(
				"jdll: " + side + " must be a list of maps");
			for (JsonNode t : rdf.path(side)) {
				String where = "jdll: " + side + " " + t.path("id").asText("?");
				if (!t.path("id").isTextual()) p.add(where + ": tensor without id");
				else if (side.equals("inputs")) inputIds.add(t.path("id").asText());
				if (!t.path("axes").isArray()) p.add(where + ": axes must be a list");
				for (JsonNode a : t.path("axes")) {
					String type = a.path("type").asText(null);
					if (type == null) p.add(where + ": axis without type");
					else if (type.equals("space") && !a.path("id").asText("").matches(
						"[yx]")) p.add(where + ": a 2-D space axis needs id y or x, not " +
							a.path("id"));
					else if (type.equals("channel") && !a.path("channel_names").isArray())
						p.add(where + ": channel axis without channel_names");
					JsonNode ref = a.path("size").path("tensor_id");
					if (!ref.isMissingNode() && !inputIds.contains(ref.asText())) p.add(
						where + ": size refers to " + ref +
							", not an input (TileMaker needs one)");
				}
				if (!t.path("test_tensor").path("source").isTextual()) p.add(where +
					": test_tensor must be {source}");
				if (!t.path("data").isMissingNode() && !t.path("data").path("type")
					.asText("float32").matches("u?int(8|16|32)|int64|float(32|64)")) p
						.add(where + ": data type JDLL cannot hold");
				for (String step : new String[] { "preprocessing", "postprocessing" })
					for (JsonNode s : t.path(step)) {
						String sid = s.path("id").asText("");
						if (!sid.matches(
							"binarize|clip|ensure_dtype|fixed_zero_mean_unit_variance|scale_linear|scale_range" +
								"|sigmoid|zero_mean_unit_variance")) p.add(where + ": " + step +
									" " + sid + " is not in JDLL");
						if (sid.equals("scale_linear") && (s.path("kwargs").path("gain")
							.isArray() || s.path("kwargs").path("offset").isArray())) p.add(
								where + ": scale_linear with arrays is wrong in JDLL");
						for (JsonNode axis : s.path("kwargs").path("axes"))
							if (axis.asText().equals("batch")) p.add(where + ": batch in " +
								sid + " axes is misread by JDLL");
					}
			}
		}
		JsonNode dij = rdf.path("config").path("deepimagej");
		if (!dij.isMissingNode() && !dij.path("allow_tiling").isBoolean()) p.add(
			"jdll: config.deepimagej without allow_tiling turns tiling off");
		return p;
	}

	/**
	 * The spec's rules the JSON schema does not state: the name's characters
	 * (bioimageio.spec's RestrictCharacters: letters, digits, _ + - ( ) and
	 * spaces), a cover under 500 KB, documentation with a Validation section.
	 */
	public static List<String> specRules(Path zip, JsonNode rdf)
		throws IOException
	{
		List<String> p = new ArrayList<>();
		if (!rdf.path("name").asText().matches("[A-Za-z0-9_+\\- ()]{5,128}")) p.add(
			"spec: name " + rdf.path("name"));
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (JsonNode cover : rdf.path("covers")) {
				ZipEntry e = z.getEntry(cover.asText());
				if (e != null && e.getSize() >= 500 * 1024) p.add("spec: cover " + cover
					.asText() + " has " + e.getSize() + " bytes, not under 500 KB");
			}
			ZipEntry doc = z.getEntry(rdf.path("documentation").asText());
			if (doc != null) try (InputStream in = z.getInputStream(doc)) {
				String md = new String(in.readAllBytes(),
					java.nio.charset.StandardCharsets.UTF_8);
				if (!md.matches("(?s).*(^|\n)#{1,2} Validation\n.*")) p.add(
					"spec: documentation has no Validation " + "section");
			}
		}
		return p;
	}

	/**
	 * Every {source, sha256} pair and every cover/documentation file must be in
	 * the zip, hashes equal.
	 */
	public static List<String> files(Path zip, JsonNode rdf) throws IOException {
		List<String> problems = new ArrayList<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			List<JsonNode> described = new ArrayList<>();
			collect(rdf, described);
			for (JsonNode f : described) {
				String source = f.get("source").asText();
				ZipEntry e = z.getEntry(source);
				if (e == null) {
					problems.add("files: " + source + " is not in the zip");
					continue;
				}
				String actual;
				try (InputStream in = z.getInputStream(e)) {
					actual = Sha256.of(in);
				}
				if (!f.has("sha256")) problems.add("files: " + source +
					" has no sha256");
				else if (!f.get("sha256").asText().equals(actual)) problems.add(
					"files: sha256 of " + source + " is " + actual + ", rdf.yaml says " +
						f.get("sha256").asText());
			}
			for (String plain : new String[] { "documentation" })
				if (rdf.has(plain) && z.getEntry(rdf.get(plain).asText()) == null)
					problems.add("files: " + rdf.get(plain).asText() +
						" is not in the zip");
			if (rdf.has("covers")) for (JsonNode c : rdf.get("covers"))
				if (z.getEntry(c.asText()) == null) problems.add("files: " + c
					.asText() + " is not in the zip");
		}
		return problems;
	}

	private static void collect(JsonNode node, List<JsonNode> out) {
		if (node.isObject()) {
			if (node.has("source") && node.get("source").isTextual()) out.add(node);
			for (Iterator<JsonNode> it = node.elements(); it.hasNext();)
				collect(it.next(), out);
		}
		else if (node.isArray()) for (JsonNode n : node)
			collect(n, out);
	}

	/** Loads the SavedModel as JDLL does and reruns the test tensors. */
	public static List<String> savedModel(Path zip, JsonNode rdf,
		double tolerance) throws IOException
	{
		List<String> problems = new ArrayList<>();
		JsonNode weights = rdf.path("weights").path(
			"tensorflow_saved_model_bundle");
		if (weights.isMissingNode()) return List.of(
			"weights: no tensorflow_saved_model_bundle");
		Path dir = Files.createTempDirectory("cenet-check");
		try (ZipFile z = new ZipFile(zip.toFile())) {
			Path inner = dir.resolve("weights.zip");
			try (InputStream in = z.getInputStream(z.getEntry(weights.get("source")
				.asText())))
			{
				Files.copy(in, inner);
			}
			Path saved = dir.resolve("saved_model");
			unzip(inner, saved);
			JsonNode input = rdf.get("inputs").get(0), output = rdf.get("outputs")
				.get(0);
			String inputId = input.get("id").asText(), outputId = output.get("id")
				.asText();
			try (SavedModelBundle bundle = SavedModelBundle.load(saved.toString(),
				"serve"))
			{
				SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get(
					"serving_default");
				if (sig == null) return List.of(
					"savedmodel: no serving_default signature, only " + bundle
						.metaGraphDef().getSignatureDefMap().keySet());
				if (!sig.getInputsMap().keySet().equals(Set.of(inputId))) problems.add(
					"savedmodel: signature inputs " + new TreeSet<>(sig.getInputsMap()
						.keySet()) + ", rdf input ids [" + inputId + "]");
				if (!sig.getOutputsMap().keySet().equals(Set.of(outputId))) problems
					.add("savedmodel: signature outputs " + new TreeSet<>(sig
						.getOutputsMap().keySet()) + ", rdf output ids [" + outputId + "]");
				if (!problems.isEmpty()) return problems;
				StateDict.Entry x = npy(z, input.get("test_tensor").get("source")
					.asText());
				StateDict.Entry expected = npy(z, output.get("test_tensor").get(
					"source").asText());
				float[] pre = preprocess(x.data(), input.path("preprocessing"),
					problems);
				try (TFloat32 t = TFloat32.tensorOf(Shape.of(x.shape()), DataBuffers.of(
					pre, true, false));
						org.tensorflow.Result r = bundle.function("serving_default").call(
							java.util.Map.<String, Tensor> of(inputId, t)))
				{
					TFloat32 y = (TFloat32) r.get(outputId).get();
					if (!java.util.Arrays.equals(y.shape().asArray(), expected.shape()))
						problems.add("savedmodel: output shape " + y.shape() +
							", test output " + java.util.Arrays.toString(expected.shape()));
					else {
						float[] out = new float[(int) y.size()];
						y.copyTo(DataBuffers.of(out, false, false));
						double worst = 0;
						for (int i = 0; i < out.length; i++)
							worst = Math.max(worst, Math.abs(out[i] - expected.data()[i]));
						if (!(worst <= tolerance)) problems.add(
							"savedmodel: test output differs by up to " + worst);
					}
				}
			}
		}
		finally {
			try (Stream<Path> s = Files.walk(dir)) {
				s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		return problems;
	}

	/**
	 * scale_linear (scalar gain and offset) and ensure_dtype float32; others are
	 * reported.
	 */
	static float[] preprocess(float[] x, JsonNode steps, List<String> problems) {
		float[] v = x.clone();
		for (JsonNode step : steps) {
			String id = step.get("id").asText();
			if ("scale_linear".equals(id)) {
				float gain = (float) step.path("kwargs").path("gain").asDouble(1),
						offset = (float) step.path("kwargs").path("offset").asDouble(0);
				for (int i = 0; i < v.length; i++)
					v[i] = v[i] * gain + offset;
			}
			else if (!"ensure_dtype".equals(id)) problems.add(
				"preprocessing: this check cannot run " + id);
		}
		return v;
	}

	private static StateDict.Entry npy(ZipFile z, String name)
		throws IOException
	{
		try (InputStream in = z.getInputStream(z.getEntry(name))) {
			return Npy.read(in, name);
		}
	}

	static void unzip(Path zip, Path dir) throws IOException {
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (Enumeration<? extends ZipEntry> es = z.entries(); es
				.hasMoreElements();)
			{
				ZipEntry e = es.nextElement();
				Path target = dir.resolve(e.getName()).normalize();
				if (!target.startsWith(dir)) throw new IOException(
					"entry outside the folder: " + e.getName());
				if (e.isDirectory()) Files.createDirectories(target);
				else {
					Files.createDirectories(target.getParent());
					try (InputStream in = z.getInputStream(e)) {
						Files.copy(in, target);
					}
				}
			}
		}
	}
}
