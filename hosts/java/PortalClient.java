// A portal in Java calling `hall serve`: evaluates a case and prints its obligations, one a
// line — status, rule, due, the article cited, title — or the refusal's status, path and
// reason. Only the JDK's java.net.http and Jackson (Debian's libjackson2-databind-java).
//
//   javac -cp /usr/share/java/jackson-databind.jar PortalClient.java
//   java -cp .:/usr/share/java/jackson-databind.jar:/usr/share/java/jackson-core.jar:/usr/share/java/jackson-annotations.jar \
//     PortalClient http://127.0.0.1:8181 baicheng-004 case.json

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

public final class PortalClient {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PortalClient BASE_URL HALL CASE.json");
            System.exit(2);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(args[0] + "/v1/halls/" + args[1] + "/evaluate"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of(args[2])));
        String token = System.getenv("HALL_TOKEN");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body = new ObjectMapper().readTree(response.body());
        if (response.statusCode() != 200) {
            JsonNode error = body.path("error");
            System.out.printf("refused %d at `%s`: %s%n", response.statusCode(), error.path("path").asText(), error.path("reason").asText());
            System.exit(1);
        }
        System.out.printf("%s as of %s%n", body.path("hall").asText(), body.path("as_of").asText());
        for (JsonNode obligation : body.path("obligations")) {
            JsonNode due = obligation.path("due");
            System.out.printf("%s\t%s\t%s\t%s\t%s%n",
                    obligation.path("status").asText(),
                    obligation.path("rule").asText(),
                    due.isNull() ? "-" : due.asText(),
                    obligation.path("citation").path("article").asText(),
                    obligation.path("title").asText());
        }
        System.out.printf("%d violations%n", body.path("violations").size());
    }
}
