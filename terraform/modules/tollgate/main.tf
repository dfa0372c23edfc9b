# Tollgate on an existing Kubernetes cluster: the secrets it reads, then the Helm chart of infra/helm/tollgate.

locals {
  chart       = coalesce(var.chart_path, "${path.module}/../../../infra/helm/tollgate")
  uses_stripe = var.stripe_secret_key != ""
  names = {
    postgres = "${var.release_name}-postgres"
    operator = "${var.release_name}-operator"
    stripe   = "${var.release_name}-stripe"
    smtp     = "${var.release_name}-smtp"
  }
  namespace = var.create_namespace ? kubernetes_namespace.tollgate[0].metadata[0].name : var.namespace
}

resource "kubernetes_namespace" "tollgate" {
  count = var.create_namespace ? 1 : 0
  metadata {
    name = var.namespace
  }
}

resource "kubernetes_secret" "postgres" {
  metadata {
    name      = local.names.postgres
    namespace = local.namespace
  }
  data = {
    "connection-string" = var.postgres_connection_string
  }
}

resource "kubernetes_secret" "operator" {
  metadata {
    name      = local.names.operator
    namespace = local.namespace
  }
  data = {
    token = var.bootstrap_token
  }
}

resource "kubernetes_secret" "stripe" {
  count = local.uses_stripe ? 1 : 0
  metadata {
    name      = local.names.stripe
    namespace = local.namespace
  }
  data = {
    "secret-key"     = var.stripe_secret_key
    "webhook-secret" = var.stripe_webhook_secret
  }
}

resource "kubernetes_secret" "smtp" {
  count = var.smtp_password != "" ? 1 : 0
  metadata {
    name      = local.names.smtp
    namespace = local.namespace
  }
  data = {
    password = var.smtp_password
  }
}

resource "helm_release" "tollgate" {
  name      = var.release_name
  namespace = local.namespace
  chart     = local.chart
  # Rolls out one role at a time and waits for the probes, so a bad image stops the apply.
  wait    = true
  timeout = 900

  values = [yamlencode({
    image         = { registry = var.image_registry, tag = var.image_tag }
    gatewayDomain = var.gateway_domain
    secrets = {
      postgres       = { name = kubernetes_secret.postgres.metadata[0].name, key = "connection-string" }
      bootstrapToken = { name = kubernetes_secret.operator.metadata[0].name, key = "token" }
    }
    stripe = {
      enabled = local.uses_stripe
      secret  = { name = local.names.stripe, secretKeyKey = "secret-key", webhookSecretKey = "webhook-secret" }
    }
    email = {
      from = try(var.smtp.from, "Tollgate <no-reply@${var.gateway_domain}>")
      smtp = {
        host           = try(var.smtp.host, "")
        port           = try(var.smtp.port, 587)
        user           = try(var.smtp.user, "")
        passwordSecret = { name = var.smtp_password != "" ? local.names.smtp : "", key = "password" }
      }
    }
    silo = { replicas = var.silo_replicas, resources = var.resources["silo"] }
    gateway = {
      autoscaling = {
        enabled                        = true
        minReplicas                    = var.gateway_min_replicas
        maxReplicas                    = var.gateway_max_replicas
        targetCPUUtilizationPercentage = var.gateway_target_cpu_percent
      }
      service   = { type = "LoadBalancer", externalTrafficPolicy = "Local", annotations = var.gateway_service_annotations }
      resources = var.resources["gateway"]
    }
    portal = {
      replicas  = var.portal_replicas
      publicUrl = "https://${var.portal_host}/"
      ingress   = { enabled = true, className = var.ingress_class_name, host = var.portal_host, tlsSecretName = var.portal_tls_secret_name }
      resources = var.resources["portal"]
    }
    admin = {
      ingress = { enabled = var.admin_host != "", className = var.ingress_class_name, host = var.admin_host }
    }
    metrics = { podMonitor = var.pod_monitor }
  })]

  depends_on = [kubernetes_secret.stripe, kubernetes_secret.smtp]
}

# The gateway Service's load balancer, once the cloud has given it an address.
data "kubernetes_service" "gateway" {
  metadata {
    name      = "${var.release_name}-gateway"
    namespace = local.namespace
  }
  depends_on = [helm_release.tollgate]
}
